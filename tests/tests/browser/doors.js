// Run by WebDriver's "execute async script": arguments[0] is one door to open from the
// loaded page, the last argument is the callback.
//   { kind: "form", url, enctype, fields: { name: value } }
//     builds a real `<form method="post">` in the page, targets a named hidden `<iframe>`
//     (so the page stays), submits it, and reports once the frame has loaded the server's
//     answer: { kind: "form", loaded, origin }. The answer is on the API's origin, so its
//     document is unreadable: the scenario asks the server what it answered.
//   { kind: "websocket", url }
//     `new WebSocket(url)`, until it closes: { kind: "websocket", opened, messages,
//     closeCode, clean, errored, origin }.
// Both give up after 15 s (`loaded: false`, `timedOut: true`): the scenario then fails on
// what the server saw, not here.
const done = arguments[arguments.length - 1];
const door = arguments[0];
const GIVE_UP_MS = 15000;

function submitForm(door) {
  return new Promise((resolve) => {
    const name = "door-" + Math.random().toString(36).slice(2);
    const frame = document.createElement("iframe");
    frame.name = name;
    frame.hidden = true;
    const form = document.createElement("form");
    form.method = "post";
    form.action = door.url;
    form.enctype = door.enctype;
    form.target = name;
    for (const [field, value] of Object.entries(door.fields || {})) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = field;
      input.value = value;
      form.appendChild(input);
    }
    const timer = setTimeout(
      () => resolve({ kind: "form", loaded: false, timedOut: true, origin: self.origin }),
      GIVE_UP_MS,
    );
    frame.addEventListener("load", () => {
      // A fresh frame may first load its own `about:blank`, readable from here; the
      // server's answer is on another origin, and its document is not.
      let readable;
      try {
        readable = frame.contentDocument !== null;
      } catch (error) {
        readable = false;
      }
      if (!readable) {
        clearTimeout(timer);
        resolve({ kind: "form", loaded: true, origin: self.origin });
      }
    });
    document.body.append(frame, form);
    form.submit();
  });
}

function openWebSocket(door) {
  return new Promise((resolve) => {
    const result = {
      kind: "websocket", opened: false, messages: [], closeCode: null, clean: null,
      errored: false, origin: self.origin,
    };
    let socket;
    try {
      socket = new WebSocket(door.url);
    } catch (error) {
      resolve({ kind: "error", error: String(error), origin: self.origin });
      return;
    }
    const timer = setTimeout(() => {
      result.timedOut = true;
      resolve(result);
    }, GIVE_UP_MS);
    socket.onopen = () => { result.opened = true; };
    socket.onmessage = (event) => { result.messages.push(String(event.data)); };
    socket.onerror = () => { result.errored = true; };
    socket.onclose = (event) => {
      clearTimeout(timer);
      result.closeCode = event.code;
      result.clean = event.wasClean;
      resolve(result);
    };
  });
}

(door.kind === "form" ? submitForm(door) : openWebSocket(door)).then(
  done,
  (error) => done({ kind: "error", error: String(error) }),
);
