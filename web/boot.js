// Compile the simulator while the rest of the page loads; app.js runs it.
window.__boot = {start: performance.now()};
window.__wasm = WebAssembly.compileStreaming(fetch("main.wasm"));
window.__wasm.catch(() => {}); // app.js reports a failure
// Anything the Content-Security-Policy blocks is an error of the page.
document.addEventListener("securitypolicyviolation", e =>
  console.error("Content-Security-Policy blocked " + (e.blockedURI || "inline code") + " (" + e.violatedDirective + ")"));
