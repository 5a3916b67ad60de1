-- wrk script: the streaming variant of post.lua ("stream": true; the answer is SSE).
stream = true
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "post.lua")
