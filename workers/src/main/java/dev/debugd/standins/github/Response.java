package dev.debugd.standins.github;

/** What the stand-in answers a request with: a status and a JSON body. */
record Response(int status, byte[] body) {}
