from django.urls import path

from irm.checklists import views

app_name = "checklists"
urlpatterns = [
    path("", views.checklist_list, name="list"),
    path("start/<int:review_id>/", views.checklist_start, name="start"),
    path("<int:pk>/", views.checklist_detail, name="detail"),
    path("<int:pk>/articles/<int:number>/", views.article_edit, name="article"),
    path("<int:pk>/articles/<int:number>/decide/", views.article_decide, name="decide"),
    path("<int:pk>/articles/<int:number>/ask/", views.ask, name="ask"),
    path("<int:pk>/threads/<int:thread_id>/reply/", views.reply, name="reply"),
    path("<int:pk>/answers/<slug:code>/", views.answer_save, name="answer-save"),
    path("<int:pk>/answers/<slug:code>/confirm/", views.answer_confirm, name="answer-confirm"),
    path("<int:pk>/answers/<slug:code>/attachments/", views.attachment_upload, name="attachment-upload"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/delete/", views.attachment_delete, name="attachment-delete"
    ),
    path("<int:pk>/needs/", views.need_save, name="need-add"),
    path("<int:pk>/needs/<int:need_id>/", views.need_save, name="need-save"),
    path("<int:pk>/needs/<int:need_id>/delete/", views.need_delete, name="need-delete"),
    path("<int:pk>/stakeholders/", views.stakeholder_add, name="stakeholder-add"),
    path(
        "<int:pk>/stakeholders/<int:stakeholder_id>/delete/",
        views.stakeholder_delete,
        name="stakeholder-delete",
    ),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/carry-over/", views.carry_over, name="carry-over"),
    path("<int:pk>/versions/", views.versions, name="versions"),
    path("<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("<int:pk>/import/", views.import_xlsx, name="import"),
    path("<int:pk>/import/confirm/", views.import_confirm, name="import-confirm"),
]
