// Loads the Go WebAssembly. Everything else happens in Go.
(async () => {
  const status = document.getElementById("status");
  try {
    const go = new Go();
    window.__boot = {start: performance.now()};
    const result = await WebAssembly.instantiateStreaming(fetch("main.wasm"), go.importObject);
    window.__boot.instantiated = performance.now();
    go.run(result.instance).then(() => {
      status.textContent = "The simulator stopped. Reload the page to start again.";
      status.dataset.ready = "stopped";
    });
  } catch (err) {
    status.textContent = "Could not start the simulator: " + err;
    status.dataset.ready = "error";
  }
})();
