// Client helpers for the receiver tests: a plain POST, and a POST of an endless-looking body
// written in chunks until the server answers (as a hostile or mistaken sender would).
import { request } from "node:http";

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly json: any;
}

export async function post(url: string, body: string | Uint8Array | undefined, headers: Record<string, string> = {}, method = "POST"): Promise<Reply> {
  const r = await fetch(url, { method, headers, ...(body === undefined ? {} : { body: body as unknown as BodyInit }) });
  const text = await r.text();
  return { status: r.status, headers: r.headers, json: text === "" ? undefined : JSON.parse(text) };
}

/**
 * POSTs up to `total` bytes in 64 KiB chunks (chunked: no Content-Length unless `declare`),
 * stopping when the server answers or closes. Resolves with the status and how much was written.
 */
export function postStream(url: string, total: number, declare = false): Promise<{ status: number | undefined; body: string; written: number }> {
  return new Promise((resolve) => {
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let written = 0;
    let answered = false;
    let status: number | undefined;
    let body = "";
    const req = request(url, { method: "POST", headers: { "content-type": "application/xml", ...(declare ? { "content-length": String(total) } : {}) } });
    const finish = () => resolve({ status, body, written });
    req.on("response", (res) => {
      answered = true;
      status = res.statusCode;
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", finish);
      res.on("error", finish);
      res.on("close", finish);
    });
    req.on("error", () => {
      if (!answered) finish();
    });
    const pump = () => {
      while (!answered && !req.destroyed && written < total) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (written >= total && !answered) req.end();
    };
    pump();
  });
}
