-- Counts wrk's responses by status and by X-Slot header, per thread, and prints one JSON line from
-- done(). wrk copies tables between its Lua states with thread:get().
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  slots = {}
end

function response(status, headers, body)
  local s = tostring(status)
  statuses[s] = (statuses[s] or 0) + 1
  local slot = headers["X-Slot"] or headers["x-slot"] or "-"
  slots[slot] = (slots[slot] or 0) + 1
end

local function encode(counts)
  local keys = {}
  for k in pairs(counts) do table.insert(keys, k) end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do
    table.insert(parts, string.format("%q:%d", k, counts[k]))
  end
  return "{" .. table.concat(parts, ",") .. "}"
end

function done(summary, latency, requests)
  local statusTotals, slotTotals = {}, {}
  for _, thread in ipairs(threads) do
    for k, v in pairs(thread:get("statuses")) do statusTotals[k] = (statusTotals[k] or 0) + v end
    for k, v in pairs(thread:get("slots")) do slotTotals[k] = (slotTotals[k] or 0) + v end
  end
  local e = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests":%d,"durationUs":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"byStatus":%s,"bySlot":%s,"latencyP50Us":%d,"latencyP99Us":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    encode(statusTotals), encode(slotTotals),
    math.floor(latency:percentile(50)), math.floor(latency:percentile(99))))
end
