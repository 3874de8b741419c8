"""Django project configuration for STCoop (settings, URLs, WSGI/ASGI entry points)."""
