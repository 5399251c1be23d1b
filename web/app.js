// Runs the Go WebAssembly that index.html began compiling. Everything else
// happens in Go.
(async () => {
  const status = document.getElementById("status");
  try {
    const go = new Go();
    window.__boot = window.__boot || {start: performance.now()};
    const module = await (window.__wasm || WebAssembly.compileStreaming(fetch("main.wasm")));
    window.__boot.compiled = performance.now();
    const instance = await WebAssembly.instantiate(module, go.importObject);
    window.__boot.instantiated = performance.now();
    // The module's memory, in bytes, for the benchmarks: it only grows.
    window.__boot.memory = () => instance.exports.mem.buffer.byteLength;
    go.run(instance).then(() => {
      status.textContent = "The simulator stopped. Reload the page to start again.";
      status.dataset.ready = "stopped";
    });
  } catch (err) {
    status.textContent = "Could not start the simulator: " + err;
    status.dataset.ready = "error";
  }
})();
