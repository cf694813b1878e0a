from resource_management.libraries.script.script import Script  # noqa: F401
