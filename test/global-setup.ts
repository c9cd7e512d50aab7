import { buildPackage } from "../generator/build.js";

/**
 * The CLI and package tests run the built package (generated/dist). Build it before every
 * run (a few seconds), so the tests never exercise a dist/ older than generated/src.
 */
export default async function setup(): Promise<void> {
  if ((await buildPackage("generated")) !== 0) throw new Error("building generated/ failed");
}
