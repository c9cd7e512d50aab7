// Type-level tests: this file is never run, only type-checked by `npm test` (tsc -p tsconfig.json).
// Each @ts-expect-error line must fail to compile; if the generated types loosen, tsc reports
// the directive as unused and the suite fails.
import { type CallbackKind, type CallbackPayload, type CallbackPayloads, type CallbackResult, decodeCallback, decodePicProcessCallback, isPicProcessCallback, type PicProcessCallback, type CosHeader, type PicJobsDetail } from "../../generated/src/index.js";

declare const body: string;

export function narrowing(): number {
  const r: CallbackResult = decodeCallback(body);
  if (r.kind === "PicProcessCallback") {
    const p: PicProcessCallback = r.payload;
    const event: "TaskFinish" = p.EventName;
    const tag: "PicProcess" = p.JobsDetail.Tag;
    void event;
    void tag;
    // Integers are numbers; text stays text.
    const width: number | undefined = p.JobsDetail.Operation.PicProcessResult?.OriginalInfo?.ImageInfo?.Width;
    const ave: string | undefined = p.JobsDetail.Operation.PicProcessResult?.OriginalInfo?.ImageInfo?.Ave;
    void ave;
    // A repeated node is an array.
    const headers: CosHeader[] | undefined = p.JobsDetail.Input.CosHeaders;
    // A shared table is one exported type wherever it appears.
    const job: PicJobsDetail = p.JobsDetail;
    void job;
    void headers;
    return width ?? 0;
  }
  return 0;
}

export function guard(payload: CallbackPayload | unknown): string {
  // The type guard narrows on the discriminators (EventName, JobsDetail.Tag).
  if (isPicProcessCallback(payload)) return payload.JobsDetail.Tag satisfies "PicProcess";
  // @ts-expect-error without narrowing, an unknown value has no JobsDetail
  return payload.JobsDetail;
}

export function misuse(): void {
  const { payload } = decodePicProcessCallback(body);
  // Required fields are not optional.
  const id: string = payload.JobsDetail.JobId;
  void id;
  // @ts-expect-error Ave is text, never a number
  const ave: number = payload.JobsDetail.Operation.PicProcessResult!.OriginalInfo!.ImageInfo!.Ave!;
  void ave;
  // @ts-expect-error Height is a number, not text
  const height: string = payload.JobsDetail.Operation.PicProcessResult!.OriginalInfo!.ImageInfo!.Height;
  void height;
  // @ts-expect-error Workflow is optional and must be checked first
  const run: string = payload.JobsDetail.Workflow.RunId;
  void run;
  // @ts-expect-error CosHeaders is a list, not one header
  const key: string = payload.JobsDetail.Input.CosHeaders!.Key;
  void key;
  // @ts-expect-error EventName is the literal TaskFinish
  const other: PicProcessCallback["EventName"] = "WorkflowFinish";
  void other;
  // @ts-expect-error unknown options are refused
  decodeCallback(body, { strictness: true });
}

// Narrowing by kind, for every callback kind at once: the payload of the result whose kind is K
// is exactly the model type of K (each way assignable), with no kind named here.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type NarrowsToEachKind = { [K in CallbackKind]: Exactly<Extract<CallbackResult, { kind: K }>["payload"], CallbackPayloads[K]> };
export const narrowsToEachKind: NarrowsToEachKind = {} as { [K in CallbackKind]: true };
// And the result of one kind is never the result of another.
type KindsApart = { [K in CallbackKind]: Exactly<Extract<CallbackResult, { kind: K }>["kind"], K> };
export const kindsApart: KindsApart = {} as { [K in CallbackKind]: true };
