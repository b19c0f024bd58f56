// A real SMTP server for the end-to-end tests: it keeps every message it receives, parsed, and
// answers `GET /messages?to=ADDRESS` with them as JSON on the port after its own, so a test can read
// the email a person was sent.
import { createServer } from "node:http";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

const port = Number(process.env.SMTP_PORT ?? 3125);
const messages = [];

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((mail) => {
        messages.push({
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          // The raw header: mailparser reads List-* headers into objects of its own.
          listUnsubscribe:
            mail.headerLines.find((header) => header.key === "list-unsubscribe")?.line.replace(/^[^:]*:\s*/, "") ?? null,
        });
        callback();
      })
      .catch(callback);
  },
});
smtp.listen(port, "127.0.0.1");

createServer((request, response) => {
  const url = new URL(request.url, "http://localhost");
  const to = url.searchParams.get("to");
  const found = to ? messages.filter((message) => message.to.includes(to)) : messages;
  response.writeHead(200, { "content-type": "application/json" });
  response.end(JSON.stringify(found));
}).listen(port + 1, "127.0.0.1");
