"""DRF views of the live-lecture routes, one module per aggregate (as in reboot_http)."""
