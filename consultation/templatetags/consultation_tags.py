from django import template

register = template.Library()


@register.inclusion_tag("consultation/includes/article_comments.html", takes_context=True)
def article_comments(context, article_id):
    """The shown comments on one article (``""``: on the whole draft), and while the consultation is
    open a link that chooses this article in the form."""
    page = context.get("page")
    return {
        "comments": context.get("comments_by_article", {}).get(article_id or "", []),
        "article_id": article_id or "",
        "open": context.get("form") is not None,
        "page": page,
        "request": context.get("request"),
    }
