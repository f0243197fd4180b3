"""The curator review app: ``resmine review`` serves the store's triples for decision.

``app.create_app`` builds the FastAPI application (server-side Jinja2 templates, the vendored
``static/review.js`` and ``review.css``, no CDN); ``security`` holds the bind check, the token
and the CSRF tokens; ``highlight`` cuts a sentence at its mentions; ``plots`` draws the summary
page's SVG bar charts.
"""
