// Remembers whether a command already printed its JSON document, so the error handler never prints a second one.
const printed = new WeakSet<object>();
export const markJsonPrinted = (stream: object) => void printed.add(stream);
export const jsonWasPrinted = (io: { out: object }) => printed.has(io.out);
