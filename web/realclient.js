// Starts Converse.js 14 inside the frame, talking to the simulated server
// through InTabWebSocket (intab-ws.js). The page calls startConverse once
// the frame has loaded: with {jid, password} it logs in at once (the
// console's sessionscope.realClient), without it shows the login screen.
// Converse's build is an ES module, which loads its few lazy chunks
// relative to itself.
import converse from "./converse/converse.min.js";

{
  // The plugins a login and one-to-one chat do not need: fewer stanzas at
  // login, nothing that needs a server feature the simulator lacks.
  const unused = ["converse-omemo", "converse-omemo-views", "converse-muc-views", "converse-roomslist", "converse-reactions", "converse-reaction-views",
    "converse-bookmarks", "converse-bookmark-views", "converse-mam", "converse-mam-views", "converse-push",
    "converse-register", "converse-notification", "converse-adhoc", "converse-adhoc-views", "converse-headlines",
    "converse-headlines-view", "converse-dragresize", "converse-minimize"];
  let started = false;
  // Converse's own footer on the login screen shows its sponsors' logos
  // from its web site, which this origin's policy does not load: this
  // one credits Converse in words. Converse defines an element only when
  // it is not defined yet.
  customElements.define("converse-footer", class extends HTMLElement {
    connectedCallback() {
      if (this.firstChild) return;
      const p = document.createElement("p");
      p.className = "rc-credit";
      p.textContent = "Converse.js 14.0.0, the open-source XMPP client by Opkode, talking to SessionScope's simulated server in this tab.";
      this.append(p);
    }
  });
  // Converse's MUC plugin, on the frame's pagehide, uses the connection
  // that a logout has already taken away (Converse 14.0.0): nothing is
  // left to do then, so the frame stops the event before it.
  for (const type of ["pagehide", "unload"]) {
    window.addEventListener(type, e => {
      const api = window.converseAPI;
      if (!api || !api.connection.get()) e.stopImmediatePropagation();
    });
  }
  // A tiny plugin that hands Converse's API to the page and the tests.
  converse.plugins.add("sessionscope-bridge", {
    initialize() { window.converseAPI = this._converse.api; },
  });
  window.startConverse = (login) => {
    if (started) return false;
    started = true;
    document.getElementById("rc-loading").remove();
    const opts = {
      websocket_url: "ws://in-tab/xmpp-websocket",
      authentication: "login",
      discover_connection_methods: false,
      locked_domain: "localhost",
      view_mode: "fullscreen",
      assets_path: "converse",
      i18n: "en",
      auto_reconnect: false,
      play_sounds: false,
      persistent_store: "sessionStorage",
      clear_cache_on_logout: true,
      allow_registration: false,
      show_client_info: false,
      whitelisted_plugins: ["sessionscope-bridge"],
      blacklisted_plugins: unused,
    };
    if (login && login.jid) Object.assign(opts, {jid: login.jid, password: login.password, auto_login: true});
    converse.initialize(opts);
    return true;
  };
  if (window.parent === window) {
    document.getElementById("rc-loading").textContent = "Open this from SessionScope's Real client panel: its WebSocket ends in the page around it.";
  }
  // Converse keeps its cache in this tab's sessionStorage: a new frame
  // starts afresh, as the simulated server does with a new run.
  for (const k of Object.keys(sessionStorage)) if (/converse/i.test(k)) sessionStorage.removeItem(k);
}
