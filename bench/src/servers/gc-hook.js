// Preloaded (-r) into every server process of the benchmark (the baselines and the compiled
// Voltlane apps) so the orchestrator can ask, over the IPC channel, for a full GC followed by
// memory figures. No code of the measured server is changed. Needs --expose-gc.
'use strict';
if (typeof process.send === 'function') {
  process.on('message', (message) => {
    if (!message || message.benchGc !== true) return;
    const before = process.memoryUsage();
    if (typeof global.gc === 'function') {
      global.gc();
      global.gc();
    }
    process.send({ benchMemory: { before, after: process.memoryUsage() } });
  });
  // The orchestrator went away (crash, Ctrl-C): stop too, through the app's own SIGTERM path.
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  // Keep the IPC channel from holding the process open on its own.
  if (process.channel && typeof process.channel.unref === 'function') process.channel.unref();
}
