// Parse Mermaid diagrams with Mermaid's own parser (mermaid.parse), in Node.js.
// Input on stdin: a JSON list of diagram sources. Output on stdout: a JSON list
// with, for each, null (parsed) or the parser's error message.
// Mermaid needs a DOM for its sanitizer even to parse; jsdom provides one.
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const source of JSON.parse(input)) {
  try {
    await mermaid.parse(source);
    results.push(null);
  } catch (error) {
    results.push(String(error?.message ?? error));
  }
}
process.stdout.write(JSON.stringify(results));
