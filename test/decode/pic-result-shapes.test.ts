import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

import { ROOT, decodePic } from "../helpers.js";

/**
 * PicProcessResult has two documented shapes: the callback samples' (ObjectName, OriginalInfo
 * {Etag, ImageInfo}, ProcessResult) and the UploadResult table's that CreatePicJobs points to
 * (OriginalInfo{Key, Location, ETag}, ProcessResults{Object...}). Both decode without warnings.
 * The fixture builds the second shape from the sample of pic/persistent-processing.md.
 */
describe("PicProcessResult in the UploadResult table's shape", () => {
  const body = readFileSync(join(ROOT, "test/fixtures/upload-result-shape.xml"), "utf8");

  it("decodes without warnings, with ProcessResults.Object a list and entities decoded", () => {
    const { payload, warnings } = decodePic(body);
    expect(warnings).toEqual([]);
    const result = payload.JobsDetail.Operation.PicProcessResult!;
    expect(result.OriginalInfo).toMatchObject({ Key: "in.jpg", ETag: '"580cd6930444576523c25f86ce2af9b1fc2d5484"' });
    expect(result.ProcessResults!.Object).toEqual([{ Key: "out.png", Format: "png", Width: 640, Height: 427, Size: 463092, Quality: 100, ETag: '"eaa4"' }]);
  });

  it("the same shape in JSON gives the same model", () => {
    const xml = decodePic(body).payload;
    expect(decodePic(JSON.stringify(xml)).payload).toEqual(xml);
  });
});
