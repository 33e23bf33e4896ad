#!/usr/bin/env node
// Kept outside dist so that the package manager can link the command before the first build.
import "../dist/main.js"
