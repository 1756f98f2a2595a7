"""Page models, one module per page: what each portal page shows, built from the metrics' result
objects (``shapes``: the Page, Table and Row every page is made of)."""
