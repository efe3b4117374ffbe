from django.urls import path

from casework.views import case, logging, post, queues, reassign, residents, search, service_requests

app_name = "casework"
urlpatterns = [
    path("queues/<slug:slug>/", queues.queue, name="queue"),
    path("reassign/", reassign.bulk_reassign, name="reassign"),
    path("search/", search.search, name="search"),
    path("complaints/log/", logging.complaint_log, name="complaint-log"),
    path("letters-to-post/", post.letters_to_post_page, name="letters-to-post"),
    path("letters-to-post/batch.pdf", post.letters_to_post_pdf, name="letters-to-post-pdf"),
    path("complaints/<str:reference>/", case.complaint_page, name="complaint"),
    path("complaints/<str:reference>/documents/<int:pk>/", case.document_download, name="document"),
    path("complaints/<str:reference>/done/<str:kind>/<int:pk>/", case.item_complete, name="item-complete"),
    path("complaints/<str:reference>/<slug:action>/", case.complaint_action, name="complaint-action"),
    path("residents/", residents.resident_list, name="residents"),
    path("residents/new/", residents.resident_new, name="resident-new"),
    path("residents/<int:pk>/", residents.resident_detail, name="resident"),
    path("residents/<int:pk>/add/<slug:kind>/", residents.resident_add, name="resident-add"),
    path("residents/<int:pk>/review/<slug:kind>/<int:item_pk>/", residents.resident_review, name="resident-review"),
    path("service-requests/", service_requests.service_request_list, name="service-requests"),
    path("service-requests/new/", service_requests.service_request_new, name="service-request-new"),
    path("service-requests/<int:pk>/", service_requests.service_request_detail, name="service-request"),
]
