// Lesson 01 in Node: the same experiment as busy_loop.c.
//
// Node runs our JavaScript on the thread that drives its event loop, and that
// event loop is libuv. While this script spins, the loop cannot run, so a
// timer due at 50 ms fires only once the spinning stops.

import { performance } from "node:perf_hooks";

// The workbook's knobs "timer_ms" and "busy_ms" try other values (KNOB_TIMER_MS, KNOB_BUSY_MS).
const knob = (name, value) => Number.parseInt(process.env[`KNOB_${name}`] ?? "", 10) || value;
const TIMER_MS = knob("TIMER_MS", 50); // when we want the timer
const BUSY_MS = knob("BUSY_MS", 300); // how long we keep the thread busy

// Whole milliseconds since the start, truncated, like the C programs print.
const start = performance.now();
const elapsed = () => Math.trunc(performance.now() - start);

setTimeout(() => {
  console.log(`timer fired at ${elapsed()} ms (wanted ${TIMER_MS})`);
}, TIMER_MS);

// Burn the CPU for 300 ms. No callback can run until this loop ends.
while (elapsed() < BUSY_MS) {
  // spin
}
console.log(`busy loop done at ${elapsed()} ms`);
