"""Request and response bodies: msgspec Structs, one module per aggregate.

Domain attrs classes never cross the HTTP boundary; each module converts core results into
its Structs with small ``*_out`` functions, and controllers call domain constructors with the
decoded fields. They import only msgspec and reboot_core, so other transports (the Django app,
``reboot_django``) speak the same wire format with the same Structs.
"""
