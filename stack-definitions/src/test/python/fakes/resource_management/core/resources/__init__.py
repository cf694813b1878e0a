from resource_management.core.resources.system import Directory, Execute, File  # noqa: F401
