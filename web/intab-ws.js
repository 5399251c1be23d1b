// InTabWebSocket: a WebSocket whose other end is SessionScope's simulated
// server, in the page that frames this one (same origin). It speaks RFC
// 7395 framing like Prosody's mod_websocket: the page records connecting
// as a dial input, each message as a recv input and closing as a hangup,
// so that the run replays byte for byte. Any web client can use it: load
// this file first, and it replaces window.WebSocket. The client's name
// (its card and log rows) is <html data-client="...">.
(() => {
  "use strict";
  const hub = () => {
    try { return window.parent !== window && window.parent.sessionscopeSockets; } catch (e) { return null; }
  };
  class InTabWebSocket extends EventTarget {
    constructor(url, protocols) {
      super();
      this.url = String(url);
      this.readyState = InTabWebSocket.CONNECTING;
      this.protocol = "";
      this.extensions = "";
      this.binaryType = "blob";
      this.bufferedAmount = 0;
      this.onopen = this.onmessage = this.onclose = this.onerror = null;
      const wanted = [].concat(protocols === undefined ? [] : protocols).map(String);
      const h = hub();
      if (!h) {
        setTimeout(() => { this._fire("error", new Event("error")); this._closed(1006); }, 0);
        return;
      }
      h.dial(document.documentElement.dataset.client || "web",
        name => { // the page attached the socket
          if (this.readyState !== InTabWebSocket.CONNECTING) { h.close(name); return; }
          this._name = name;
          this.protocol = wanted.includes("xmpp") ? "xmpp" : "";
          this.readyState = InTabWebSocket.OPEN;
          this._fire("open", new Event("open"));
        },
        data => { if (this.readyState === InTabWebSocket.OPEN) this._fire("message", new MessageEvent("message", {data, origin: location.origin})); },
        () => this._closed(1000)); // the server closed, or the run went back in time
    }
    send(data) {
      if (this.readyState === InTabWebSocket.CONNECTING) throw new DOMException("Still in CONNECTING state.", "InvalidStateError");
      if (this.readyState !== InTabWebSocket.OPEN) return;
      hub().send(this._name, String(data));
    }
    close(code, reason) {
      if (this.readyState >= InTabWebSocket.CLOSING) return;
      const name = this._name;
      this.readyState = InTabWebSocket.CLOSING;
      if (name) hub().close(name);
      setTimeout(() => this._closed(code || 1000, reason), 0);
    }
    _closed(code, reason) {
      if (this.readyState === InTabWebSocket.CLOSED) return;
      this.readyState = InTabWebSocket.CLOSED;
      this._fire("close", new CloseEvent("close", {code: code === 1000 || code >= 3000 ? code : 1006, reason: reason || "", wasClean: code === 1000}));
    }
    _fire(type, ev) {
      const f = this["on" + type];
      if (typeof f === "function") f.call(this, ev);
      this.dispatchEvent(ev);
    }
  }
  for (const [k, v] of Object.entries({CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3})) {
    InTabWebSocket[k] = v;
    InTabWebSocket.prototype[k] = v;
  }
  window.WebSocket = InTabWebSocket;
})();
