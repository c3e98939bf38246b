"""The bundled Litestar server: HTTP API, auth, web pages and the composition root."""
