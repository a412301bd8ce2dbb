// A real SMTP server for the browser tests (npm `smtp-server`), with the messages it received readable over
// HTTP, parsed by `mailparser`:
//   GET /messages   -> [{ to: [addresses], subject, text, html, replyTo, messageId, from }]
//   GET /healthz    -> 200 once both listeners are up
// Shoulder delivers to it through SHOULDER_SMTP_URL=smtp://127.0.0.1:<SMTP port> (see playwright.config.ts).
import http from "node:http";
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";

const smtpPort = Number(process.env.MAIL_SINK_SMTP_PORT ?? 2525);
const httpPort = Number(process.env.MAIL_SINK_HTTP_PORT ?? 2526);
const messages = [];

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((mail) => {
        messages.push({
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          to: (mail.to?.value ?? []).map((a) => a.address),
          toNames: (mail.to?.value ?? []).map((a) => a.name),
          from: mail.from?.text ?? "",
          replyTo: mail.replyTo?.text ?? null,
          messageId: mail.messageId ?? null,
          subject: mail.subject ?? "",
          text: mail.text ?? "",
          html: mail.html || null,
        });
        callback();
      })
      .catch(callback);
  },
});
smtp.listen(smtpPort, "127.0.0.1");

http
  .createServer((request, response) => {
    if (request.url === "/messages") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(messages));
    } else if (request.url === "/healthz") {
      response.writeHead(200);
      response.end("ok");
    } else {
      response.writeHead(404);
      response.end();
    }
  })
  .listen(httpPort, "127.0.0.1");
console.log(`mail sink: SMTP on ${smtpPort}, messages on http://127.0.0.1:${httpPort}/messages`);
