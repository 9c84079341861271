#!/usr/bin/env node
import { text } from "node:stream/consumers";
import { main } from "./main.js";

const { code, out, err } = await main(process.argv.slice(2), { stdin: () => text(process.stdin) });
if (out) process.stdout.write(`${out}\n`);
if (err) process.stderr.write(`${err}\n`);
process.exitCode = code;
