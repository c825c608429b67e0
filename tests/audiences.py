"""Who a route is for. Each app's tests/<app>/url_audiences.py maps its route names to one."""

PUBLIC = "public"  # anyone
AUTH = "auth"  # allauth's own pages: it decides
TENANT = "tenant"  # signed-in tenants, their own data only
TENANT_OBJECT = "tenant_object"  # a tenant's object named in the URL: another tenant gets 404
OFFICER = "officer"  # income officers with MFA
ADMIN = "admin"  # Wagtail admin and Django admin: staff with MFA
