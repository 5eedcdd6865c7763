-- wrk script: durable top-ups through the real API (bench/README.md).
-- POST /tmf-api/prepayBalanceManagement/v4/topupBalance for the lines listed
-- in $ABONADO_PRODUCTS (one product id a line), round robin, S/ 3.00 each,
-- every request with its own Idempotency-Key, as $ABONADO_TOKEN (a session of
-- an agent that may top up). done() writes the ids of the top-ups answered
-- 201 to $ABONADO_ACKED, so that the run can check each is in the ledger.
-- $ABONADO_KEY_PREFIX keeps keys unique across runs on the same database.
-- With $ABONADO_CEILING set, each body carries one field the route does not
-- take, so the server answers 400 after authenticating the request and
-- parsing its body, before any database work: what a top-up costs the server
-- and wrk before it does anything (the machine's ceiling for top-ups).

local threads = {}

function setup(thread)
  thread:set("thread_no", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  products = {}
  for line in io.lines(os.getenv("ABONADO_PRODUCTS")) do
    products[#products + 1] = line
  end
  key_prefix = (os.getenv("ABONADO_KEY_PREFIX") or "bench") .. "-" .. thread_no .. "-"
  headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. os.getenv("ABONADO_TOKEN"),
  }
  sent = 0
  acked = {}
  refused = 0
  probe = os.getenv("ABONADO_CEILING") and ',"ceilingProbe":true' or ""
end

function request()
  sent = sent + 1
  local product = products[sent % #products + 1]
  headers["Idempotency-Key"] = key_prefix .. sent
  local body = '{"product":{"id":"' .. product .. '"},'
    .. '"amount":{"amount":3.00,"units":"PEN"},"channel":{"name":"web"}' .. probe .. '}'
  return wrk.format("POST", "/tmf-api/prepayBalanceManagement/v4/topupBalance", headers, body)
end

function response(status, headers, body)
  if status == 201 then
    acked[#acked + 1] = string.match(headers["Location"], "[^/]+$")
  else
    refused = refused + 1
  end
end

function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("ABONADO_ACKED"), "w"))
  local refusals = 0
  for _, thread in ipairs(threads) do
    for _, id in ipairs(thread:get("acked")) do
      out:write(id, "\n")
    end
    refusals = refusals + thread:get("refused")
  end
  out:close()
  io.stderr:write(string.format("top-ups refused (not 201): %d\n", refusals))
end
