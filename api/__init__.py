"""The policykg web service and command line.

``api.app.create_app(settings=None) -> FastAPI`` is the service's only entry
point (no module-level app objects or globals); ``api.cli.main`` is the
``policykg`` command.  Nothing is imported here, so the command line starts
without loading the web stack.
"""
