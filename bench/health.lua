-- wrk script: GET /health with keep-alive (the trivial GET of bench/README.md).
wrk.method = "GET"
wrk.path = "/health"
