"""Test fake of Ambari's resource_management package (see fakes/README.md)."""
