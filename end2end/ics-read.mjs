// Reads an iCalendar file on stdin with two independent parsers (ical.js and node-ical) and prints
// what each found, as JSON, so the server's tests can check the calendars Wellspring writes.
import ICAL from "ical.js";
import nodeIcal from "node-ical";

const text = await new Promise((resolve) => {
  let data = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => (data += chunk));
  process.stdin.on("end", () => resolve(data));
});

const fromIcalJs = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    sequence: event.sequence,
    status: vevent.getFirstPropertyValue("status"),
    summary: event.summary,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
  };
});

const fromNodeIcal = Object.values(nodeIcal.sync.parseICS(text))
  .filter((entry) => entry.type === "VEVENT")
  .map((event) => ({
    uid: event.uid,
    sequence: Number(event.sequence),
    status: event.status,
    summary: typeof event.summary === "string" ? event.summary : event.summary?.val,
    start: new Date(event.start).toISOString(),
    end: new Date(event.end).toISOString(),
  }));

process.stdout.write(JSON.stringify({ icaljs: fromIcalJs, nodeical: fromNodeIcal }));
