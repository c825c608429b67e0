from django.http import Http404


def start(request):  # replaced as this app is built
    raise Http404
