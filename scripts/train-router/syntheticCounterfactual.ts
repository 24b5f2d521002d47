// Counterfactual template rows written for this project after the held-out-source error analysis
// (media/router/EXPERIMENTS.md): the same surface — numbers, prices, "how many", a database or shell term —
// with the label decided by what is asked. Numbers in a question do not make it maths; a question title
// about a database is a programming question even without code. Everything here is our own wording.
import { seededRandom } from '../../src/common/router/train/random';
import type { PreparedRow } from './prepare';

export const COUNTERFACTUAL_SOURCE = 'synthetic_counterfactual';

type Filler = Record<string, readonly string[]>;

const FILLERS: Filler = {
  name: ['Maria', 'John', 'Aisha', 'Chen', 'Lucas', 'Priya', 'Tom', 'Fatima', 'Noah', 'Olga', 'Kenji', 'Sara', 'my sister', 'my neighbour', 'our team'],
  item: ['laptop', 'sofa', 'bike', 'phone', 'washing machine', 'pair of shoes', 'coffee maker', 'used car', 'winter coat', 'TV', 'mattress', 'concert ticket'],
  place: ['Canada', 'Japan', 'the UK', 'Brazil', 'Germany', 'Texas', 'California', 'Australia', 'India', 'France', 'New York', 'Ontario'],
  show: ['Breaking Bad', 'The Office', 'Game of Thrones', 'Friends', 'Stranger Things', 'The Crown', 'Doctor Who', 'Grey\'s Anatomy', 'The Simpsons'],
  countable: ['moons does Jupiter have', 'bones are in the human body', 'players are on a rugby team', 'states are in the US', 'keys does a piano have',
    'time zones does Russia have', 'languages are spoken in India', 'films are in the Harry Potter series', 'teeth does an adult have',
    'countries are in the European Union', 'strings does a cello have', 'hearts does an octopus have', 'people live in Tokyo', 'stars are on the US flag'],
  person: ['man', 'woman', 'child', 'teenager', 'patient', 'runner', 'student'],
  symptom: ['a headache', 'a dry cough', 'back pain', 'a rash on the arm', 'trouble sleeping', 'a sore throat', 'dizziness after standing up'],
  event: ['the Berlin Wall fell', 'the first Moon landing happened', 'the Titanic sank', 'World War I ended', 'the printing press spread in Europe',
    'the stock market crashed', 'the euro was introduced', 'the first iPhone came out'],
  vehicle: ['train', 'car', 'cyclist', 'bus', 'plane', 'boat'],
  goods: ['apples', 'stickers', 'marbles', 'cupcakes', 'pencils', 'books', 'eggs', 'tickets', 'cookies', 'stamps'],
  product: ['an iPad', 'a Chromebook', 'a used Honda Civic', 'a gaming PC', 'an e-bike', 'a robot vacuum', 'a DSLR camera'],
  engine: ['PostgreSQL', 'MySQL', 'SQL Server', 'Oracle', 'SQLite', 'MariaDB', 'Postgres', 'T-SQL', 'Redshift', 'BigQuery'],
  dbThing: ['a stored procedure', 'a composite index', 'a foreign key', 'a trigger', 'a recursive CTE', 'a materialized view', 'a left join',
    'a GROUP BY with HAVING', 'a window function', 'a unique constraint', 'a transaction', 'an upsert', 'a self join', 'a pivot', 'a cursor'],
  dbProblem: ['is very slow on a table with millions of rows', 'returns duplicate rows', 'deadlocks under load', 'ignores my index',
    'fails with a syntax error', 'returns NULL instead of 0', 'locks the whole table', 'gives different results after an upgrade'],
  dbTask: ['select the latest row per group', 'delete duplicate rows but keep one', 'count rows per day', 'update one table from another',
    'find records with no match in another table', 'concatenate values from several rows', 'paginate results', 'rank rows within a partition',
    'store a list of tags for each post', 'model a many-to-many relationship', 'insert a row only if it does not exist', 'get the second highest salary'],
  orm: ['Hibernate', 'JPA', 'Entity Framework', 'SQLAlchemy', 'the Django ORM', 'ActiveRecord', 'Sequelize', 'Prisma'],
  shellTask: ['find files larger than 100MB', 'count lines in all .log files', 'replace a word in every file of a folder', 'kill the process on port 8080',
    'show disk usage per directory', 'list files modified in the last 2 days', 'extract a tar.gz archive', 'copy a folder over ssh',
    'rename all .jpeg files to .jpg', 'check which process uses the most memory', 'add a user to the sudo group', 'schedule a script every 5 minutes',
    'show the last 50 lines of a file and keep following it', 'compress a folder into a zip', 'change the owner of a directory recursively'],
  everydayTask: ['remove a red wine stain from a carpet', 'get rid of fruit flies in the kitchen', 'negotiate a lower phone bill', 'unclog a drain without chemicals',
    'keep basil alive indoors', 'write a condolence card', 'fall asleep faster', 'prepare for a marathon in 12 weeks', 'ask for a deadline extension',
    'clean a cast iron pan', 'train a puppy to stop biting', 'tie a Windsor knot', 'make sourdough starter', 'pack for a 2 week trip in one bag'],
  generalPair: ['a will and a trust', 'weather and climate', 'a virus and a bacterium', 'baking soda and baking powder', 'a Roth IRA and a 401k',
    'empathy and sympathy', 'a crocodile and an alligator', 'affect and effect', 'a lease and a rental agreement', 'stocks and bonds'],
  os: ['linux', 'ubuntu', 'the terminal', 'bash', 'macOS', 'a unix shell'],
};

/** General: everyday "How to …" / "Difference between …" titles, and questions where numbers, prices and quantities appear but the ask is knowledge or advice. */
const NUMERIC_GENERAL: { template: string; category: string }[] = [
  { template: 'How to {everydayTask}', category: 'advice' },
  { template: 'Best way to {everydayTask}?', category: 'advice' },
  { template: 'Difference between {generalPair}', category: 'knowledge' },
  { template: 'How many {countable}?', category: 'knowledge' },
  { template: 'how many episodes are in season {n1} of {show}', category: 'knowledge' },
  { template: 'When is season {n1} of {show} coming out?', category: 'knowledge' },
  { template: 'What happened in {year}, when {event}?', category: 'knowledge' },
  { template: 'Why did it matter that {event} in {year}?', category: 'knowledge' },
  { template: 'My landlord wants to raise my rent from ${n3} to ${n4} a month. Is that legal in {place}?', category: 'advice' },
  { template: 'I paid ${n3} for a {item} and it broke after {n1} days. Can I get my money back?', category: 'advice' },
  { template: 'Is ${n3} a fair price for a {item} that is {n1} years old?', category: 'advice' },
  { template: 'I have a budget of ${n3}. Should I buy {product} or {product}?', category: 'advice' },
  { template: 'A {n2}-year-old {person} has had {symptom} for {n1} days. What could cause it?', category: 'knowledge' },
  { template: 'Is {n4} calories a day enough for a {n2}-year-old {person} who exercises {n1} times a week?', category: 'advice' },
  { template: '{name} signed a contract on May {n1} to sell a {item} for ${n3}, but the buyer never paid. What can {name} do legally?', category: 'advice' },
  { template: 'A company paid a contractor ${n4} and the work was never finished. Who is liable under contract law?', category: 'knowledge' },
  { template: 'In {year} the minimum wage in {place} was ${n1} an hour. Why was it raised?', category: 'knowledge' },
  { template: 'What does it mean if a bond yields {n1}% while inflation is {n1}%?', category: 'knowledge' },
  { template: 'I got {n2} out of {n3} on my exam. How should I prepare better for the next one?', category: 'advice' },
  { template: 'Write a {n3}-word story about a {person} who finds ${n4} on the street.', category: 'writing' },
  { template: 'Give me {n1} ideas for a birthday party for {n2} kids.', category: 'advice' },
  { template: 'List {n1} famous people born in {year}.', category: 'knowledge' },
  { template: 'Who won the World Cup in {year}?', category: 'knowledge' },
  { template: 'What is the {ordinal} largest city in {place}?', category: 'knowledge' },
  { template: 'Plan a {n1}-day trip to {place} for {n2} people with a budget of ${n4}.', category: 'advice' },
];

/** Maths: everyday quantities where the ask is a calculation (the counterpart of the rows above). */
const NUMERIC_MATH: string[] = [
  'I earn ${n1} an hour and work {n2} hours a week. How much do I earn in a year of {n2} weeks?',
  'My rent is ${n3} a month and goes up by {n1}% every year. How much will I pay in total over {n1} years?',
  '{name} has {n3} {goods}. {name} gives {n1} to each of {n2} friends. How many {goods} are left?',
  'A {vehicle} travels {n3} km in {n1} hours. What is its average speed in km per hour?',
  'After a {n2}% discount a {item} costs ${n3}. What was the price before the discount?',
  'A {item} costs ${n3}. If the price rises by {n1}% and then falls by {n2}%, what is the final price?',
  '{name} bought {n1} {goods} at ${n1} each and sold them for ${n2} each. What was the profit?',
  'If {n2} workers build a wall in {n1} days, how many days would {n3} workers need?',
  'A recipe needs {n1} cups of flour for {n2} {goods}. How much flour is needed for {n3} {goods}?',
  'How much interest do I pay on a loan of ${n4} at {n1}% per year for {n2} years with simple interest?',
  'A tank holds {n3} litres and leaks {n1} litres an hour. After how many hours is it half empty?',
  'There are {n3} students and {n1}% of them walk to school. How many students do not walk?',
];

const ORDINALS = ['second', 'third', 'fourth', 'fifth'];

/** Code: question titles about databases and the shell, without code (the register of a Q&A site's titles). */
const TECH_TITLES: { template: string; category: string }[] = [
  { template: 'How to {dbTask} in {engine}', category: 'sql' },
  { template: '{engine}: {dbTask}', category: 'sql' },
  { template: '{dbTask} without a subquery', category: 'sql' },
  { template: 'Query {dbProblem}', category: 'sql' },
  { template: '{engine} query with {dbThing} {dbProblem}', category: 'sql' },
  { template: 'When should I use {dbThing} in {engine}?', category: 'sql' },
  { template: 'Difference between {dbThing} and {dbThing} in {engine}', category: 'sql' },
  { template: '{orm} {dbProblem}', category: 'sql' },
  { template: '{orm}: how to {dbTask}', category: 'sql' },
  { template: 'Best way to {dbTask}?', category: 'sql' },
  { template: 'how to {shellTask} in {os}', category: 'shell_devops' },
  { template: '{shellTask} {os}', category: 'shell_devops' },
  { template: 'command to {shellTask}', category: 'shell_devops' },
  { template: 'What is the {os} command to {shellTask}?', category: 'shell_devops' },
];

function fill(template: string, pick: <T>(list: readonly T[]) => T, random: () => number): string {
  const number = (digits: number) => String(Math.floor(10 ** (digits - 1) + random() * 9 * 10 ** (digits - 1)));
  const name = pick(FILLERS.name);
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (key === 'name') return name;
    if (key === 'n1') return number(1);
    if (key === 'n2') return number(2);
    if (key === 'n3') return number(3);
    if (key === 'n4') return number(4);
    if (key === 'year') return String(1900 + Math.floor(random() * 124));
    if (key === 'ordinal') return pick(ORDINALS);
    const list = FILLERS[key];
    if (!list) throw new Error(`no filler for {${key}}`);
    return pick(list);
  });
}

export interface CounterfactualCounts {
  numericGeneral: number;
  numericMath: number;
  techTitles: number;
}

export const NO_COUNTERFACTUALS: CounterfactualCounts = { numericGeneral: 0, numericMath: 0, techTitles: 0 };

/** Deterministic counterfactual rows (distinct texts), trained on and never scored. */
export function counterfactualRows(counts: CounterfactualCounts, seed: number): PreparedRow[] {
  const random = seededRandom(seed ^ 0xcf01);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const seen = new Set<string>();
  const out: PreparedRow[] = [];
  const add = (count: number, make: () => { text: string; domain: PreparedRow['domain']; category: string }) => {
    for (let i = 0, made = 0; i < count * 4 && made < count; i++) {
      const row = make();
      if (seen.has(row.text)) continue;
      seen.add(row.text);
      made++;
      out.push({ ...row, source: COUNTERFACTUAL_SOURCE, group: `${COUNTERFACTUAL_SOURCE}:${row.text}`, weight: 1, synthetic: true });
    }
  };
  add(counts.numericGeneral, () => {
    const t = pick(NUMERIC_GENERAL);
    return { text: fill(t.template, pick, random), domain: 'general', category: t.category };
  });
  add(counts.numericMath, () => ({ text: fill(pick(NUMERIC_MATH), pick, random), domain: 'math', category: 'math_word_problem' }));
  add(counts.techTitles, () => {
    const t = pick(TECH_TITLES);
    return { text: fill(t.template, pick, random), domain: 'code', category: t.category };
  });
  return out;
}
