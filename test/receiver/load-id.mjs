// The job id of a decoded callback, where each shape keeps it (shared by the load test and its server).

/** The object that holds the id: JobsDetail (or its first item), WorkflowExecution, or data. */
function holder(payload) {
  for (const name of ["JobsDetail", "WorkflowExecution", "data"]) {
    const v = payload?.[name];
    const o = Array.isArray(v) ? v[0] : v;
    if (o && typeof o === "object") return { o, field: name === "JobsDetail" ? "JobId" : name === "WorkflowExecution" ? "RunId" : "trace_id" };
  }
  return undefined;
}

/** @param {unknown} payload @returns {string | undefined} */
export function idOf(payload) {
  const h = holder(payload);
  const v = h?.o[h.field];
  return typeof v === "string" ? v : undefined;
}

/** @param {unknown} payload @param {string} id */
export function setId(payload, id) {
  const h = holder(payload);
  if (!h) throw new Error("no job id in this payload");
  h.o[h.field] = id;
}
