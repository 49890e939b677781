"""The URL conf: every page and the API. The permission matrix test walks this file."""

from django.urls import include, path

from duban.web.common import views as common_views
from duban.web.project.api import api

handler400 = "duban.web.common.views.bad_request"
handler403 = "duban.web.common.views.permission_denied"
handler404 = "duban.web.common.views.page_not_found"
handler500 = "duban.web.common.views.server_error"

urlpatterns = [
    path("", common_views.home, name="home"),
    path("audit/", common_views.audit_list, name="audit_list"),
    path("audit/export.<str:fmt>", common_views.audit_export, name="audit_export"),
    path("accounts/", include("duban.web.accounts.urls")),
    path("directory/", include("duban.web.directory.urls")),
    path("plans/", include("duban.web.plans.urls")),
    path("cycle/", include("duban.web.cycle.urls")),
    path("documents/", include("duban.web.documents.urls")),
    path("public/", include("duban.web.documents.public_urls")),
    path("api/", api.urls),
]
