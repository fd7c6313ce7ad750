// Scores texts with the vader-sentiment port: reads a JSON array of strings on stdin, writes a
// JSON array of compound scores (rounded to 4 decimals by the port) and the seconds spent
// scoring on stderr.
const vader = require('vader-sentiment');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const texts = JSON.parse(input);
  const start = process.hrtime.bigint();
  const out = texts.map((t) => vader.SentimentIntensityAnalyzer.polarity_scores(t).compound);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  process.stdout.write(JSON.stringify(out));
  process.stderr.write(`seconds ${seconds}\n`);
});
