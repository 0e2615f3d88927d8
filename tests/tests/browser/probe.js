// Run by WebDriver's "execute async script": arguments[0] is a list of calls
// `{ url, init, read }`, arguments[1] says whether to make them from a sandboxed iframe
// (whose origin is opaque: the browser sends `Origin: null`), the last argument is the
// callback. Each call is reported as the browser decided it:
//   { verdict: "allowed", status, body, headers: { <read name>: value or null }, visible, origin }
//   { verdict: "blocked", error, origin }   (fetch rejected with a TypeError: CORS said no)
//   { verdict: "error", error, origin }     (anything else: a bug in the scenario)
const done = arguments[arguments.length - 1];
const calls = arguments[0];
const sandboxed = arguments[1];

async function runCalls(calls) {
  const out = [];
  for (const call of calls) {
    try {
      const response = await fetch(call.url, call.init || {});
      const headers = {};
      for (const name of call.read || []) headers[name] = response.headers.get(name);
      out.push({
        verdict: "allowed",
        status: response.status,
        body: await response.text(),
        headers,
        visible: [...response.headers.keys()],
        origin: self.origin,
      });
    } catch (error) {
      out.push({
        // By name: in Firefox the script runs in a sandbox whose `TypeError` is not the page's.
        verdict: error && error.name === "TypeError" ? "blocked" : "error",
        error: String(error),
        origin: self.origin,
      });
    }
  }
  return out;
}

if (!sandboxed) {
  runCalls(calls).then(done, (error) => done([{ verdict: "error", error: String(error) }]));
} else {
  const frame = document.createElement("iframe");
  frame.setAttribute("sandbox", "allow-scripts");
  const args = JSON.stringify(calls).replace(/</g, "\\u003c");
  frame.srcdoc =
    "<script>" + runCalls.toString() + "\n" +
    "runCalls(" + args + ").then((r) => parent.postMessage(r, '*'), " +
    "(e) => parent.postMessage([{ verdict: 'error', error: String(e) }], '*'));<\/script>";
  window.addEventListener("message", (event) => {
    if (event.source === frame.contentWindow) done(event.data);
  });
  document.body.appendChild(frame);
}
