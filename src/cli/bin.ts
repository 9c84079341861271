#!/usr/bin/env node
import { main } from "./main.js";

const { code, out, err } = await main(process.argv.slice(2));
if (out) process.stdout.write(out + "\n");
if (err) process.stderr.write(err + "\n");
process.exitCode = code;
