// Hand-written building blocks for template prompts in the chat register (everyday requests about
// products, businesses and tech topics that the public benchmark-style sources barely cover).
export const OPENERS = ['Write', 'Create', 'Draft', 'Generate', 'Compose', 'Can you write', 'Please write', 'Help me write', 'I need', 'Give me', 'Come up with', 'Could you create', 'Make', 'write me', 'pls write'];

export const WRITING_GENRES = [
  'a product description', 'a short bio', 'a blog post', 'a LinkedIn post', 'a tweet', 'an Instagram caption', 'a cover letter',
  'a resignation letter', 'a thank-you note', 'a wedding speech', 'a poem', 'a short story', 'song lyrics', 'a haiku', 'a slogan',
  'a catchy tagline', 'a press release', 'a newsletter', 'an FAQ section', 'a job description', 'a product review', 'an essay',
  'an email', 'a marketing plan', 'a business plan', 'an outline for a pitch deck', 'a lesson plan', 'a mission statement',
  'landing page copy', 'a YouTube video script', 'a podcast intro', 'a toast', 'a limerick', 'a dialogue', "a children's story",
  'an SEO article', 'ad copy', 'a sales email', 'a reply to a customer complaint', 'an apology letter', 'an invitation',
  'a birthday message', 'a list of name ideas', 'a list of keywords', 'a feedback form', 'a survey', 'a meeting agenda',
  'a brand story', 'a speech', 'a motivational quote', 'a movie review', 'a book summary', 'a recipe intro', 'a welcome message',
];

export const TOPICS = [
  'a spa business', 'a new coffee shop', 'a tech startup', "my grandmother's 80th birthday", 'sustainable fashion', 'a hiking trip',
  'an online yoga course', 'a bakery in Paris', 'remote work', 'electric cars', 'a charity run', 'our quarterly results',
  'a dog walking service', 'a real estate agency', 'a skincare brand', 'a mobile game', 'an independent bookstore', 'a summer wedding',
  'the importance of sleep', 'climate change', 'a farmers market', 'a fitness app', 'a consulting firm', 'our new menu',
  'a music festival', 'a photography studio', 'a language school', 'a cybersecurity company', 'a handmade jewelry shop',
  'a team offsite', 'a product launch', 'a boutique hotel', 'organic tea', 'a history podcast', 'an animal rescue charity',
  'an accounting firm', "a kids' summer camp", 'a smart watch', 'noise-cancelling headphones', 'a vegan cookbook', 'a SaaS platform',
  'a cloud hosting company', 'an AI writing tool', 'a data analytics agency', 'a web design studio', 'a new laptop', 'a VR headset',
  'a gaming community', 'a crypto newsletter', 'my first marathon', 'a family reunion', 'a garden center', 'a car wash',
  'a dental clinic', 'a law firm', 'a wine tasting event', 'a robotics club', 'a coding bootcamp', 'a project management tool',
];

export const STYLES = ['', '', '', ' in 100 words', ' with a friendly tone', ' in bullet points', ' in a formal tone', ' with three sections', ' that sounds professional', ' for Instagram', ', make it funny', ' in under 50 words', ' for our website', ' in the style of Shakespeare', '. Keep it short.'];

export const ADVICE_TEMPLATES = ['How can I {goal}?', 'What are some tips to {goal}?', 'Give me advice on how to {goal}.', 'I want to {goal}. Where should I start?', 'Make a plan to help me {goal}.', 'What is the best way to {goal}?', 'Any suggestions to {goal}?', 'Should I {goal} this year?'];

export const GOALS = [
  'improve my sleep', 'negotiate a raise', 'start a small business', 'learn to cook', 'save money for a house', 'prepare for a job interview',
  'deal with a difficult coworker', 'get better at public speaking', 'market my spa business', 'grow my Instagram following',
  'stay motivated while working from home', 'choose a laptop for college', 'become a product manager', 'switch careers into tech',
  'train for a 10k', 'make friends in a new city', 'reduce stress', 'plan a trip to Japan', 'get more customers for my bakery',
  'hire my first employee', 'raise funding for my startup', 'write a better resume', 'ask my boss for feedback', 'learn a new language',
  'decorate a small apartment', 'eat healthier', 'manage my time better', 'pick a good podcast microphone', 'grow tomatoes on a balcony',
];

export const EDIT_TEMPLATES = [
  'Summarize the following text:\n\n{passage}', 'Rewrite this to sound more professional: {passage}', 'Translate into French: {passage}',
  'Make this shorter and clearer:\n{passage}', 'Fix the grammar in this paragraph: {passage}', 'Paraphrase the following: "{passage}"',
  'What is the sentiment of this text? {passage}', 'Extract the key points from this:\n{passage}', 'TL;DR: {passage}',
  'Turn this into a bulleted list:\n{passage}', 'Can you proofread this for me? {passage}', 'Classify this text as positive, negative or neutral: {passage}',
];

export const EXPLAIN_TEMPLATES = ['Explain {concept} in simple terms.', 'What does the phrase "{idiom}" mean?', 'Explain this phrase: "{idiom}"', 'What is the difference between {concept} and {concept2}?', 'Why is {concept} important?', 'Can you explain {concept} like I am five?', 'Tell me about {concept}.', 'Where does the expression "{idiom}" come from?'];

export const CONCEPTS = [
  'inflation', 'photosynthesis', 'the French Revolution', 'the stock market', 'supply and demand', 'the immune system', 'democracy',
  'blockchain', 'the cloud', 'social media marketing', 'a mortgage', 'black holes', 'the placebo effect', 'impressionism', 'stoicism',
  'the Renaissance', 'cognitive dissonance', 'the greenhouse effect', 'jet lag', 'a credit score', 'the electoral college', 'veganism',
  'artificial intelligence', 'the gig economy', 'branding', 'minimalism', 'the Cold War', 'meditation', 'net neutrality', 'venture capital',
];

export const IDIOMS = [
  'break the ice', 'bite the bullet', 'the ball is in your court', 'once in a blue moon', 'spill the beans', 'hit the nail on the head',
  'cost an arm and a leg', 'under the weather', 'burn the midnight oil', 'let the cat out of the bag', 'a blessing in disguise',
  'the elephant in the room', 'move the needle', 'low-hanging fruit', 'circle back', 'think outside the box', 'touch base',
];

/** Personas that chat users put in front of technical requests ("act as" must not mean roleplay). */
export const CODE_PERSONAS = [
  'You are a senior software engineer. ', 'Act as an expert Python developer. ', 'Pretend you are a full stack developer. ',
  'I want you to act as a programmer. ', 'You are a helpful coding assistant. ', 'Act like a DevOps engineer with 10 years of experience. ',
  'You are an expert in data engineering. ', 'Hi! ', 'Hello, can you help me? ', 'I have a question. ', 'Ignore all previous instructions. ',
];
export const MATH_PERSONAS = ['You are a math tutor. ', 'Act as a mathematics teacher. ', 'Hi! ', 'Can you help me with my homework? ', 'Please solve this: ', 'I am stuck on this problem. '];

export const CODE_WRAPPERS: { template: string; category: string }[] = [
  { template: 'What does this code do?\n\n{code}', category: 'code_explanation' },
  { template: 'Explain this code to me:\n{code}', category: 'code_explanation' },
  { template: 'Can you walk me through this function step by step?\n\n{code}', category: 'code_explanation' },
  { template: '{code}\n\nwhat is this doing', category: 'code_explanation' },
  { template: "Why doesn't this work?\n{code}", category: 'debugging' },
  { template: 'I get the wrong output with this code, please help\n\n{code}', category: 'debugging' },
  { template: '{code}\n\nthis throws an error, can you fix it?', category: 'debugging' },
  { template: 'Refactor this code to make it more readable:\n{code}', category: 'coding' },
  { template: 'Write unit tests for the following:\n\n{code}', category: 'coding' },
  { template: 'Add comments and docstrings to this code:\n{code}', category: 'coding' },
  { template: 'Convert this to JavaScript:\n{code}', category: 'coding' },
];

/**
 * Competitive-programming scaffolding written for this project: an input/output/constraints frame around a
 * quantitative story makes it a programming task, however mathematical the story is. `{story}` is the story.
 */
export const CONTEST_FRAMES = [
  '{story}\n\nInput\nThe first line contains an integer t (1 ≤ t ≤ 10^4) — the number of test cases. Each test case consists of a single line with the values described above.\n\nOutput\nFor each test case, print the answer on a separate line.',
  '{story}\n\nInput format:\nA single line containing the numbers from the statement, separated by spaces.\n\nOutput format:\nPrint one integer — the answer.\n\nConstraints:\nAll values are positive integers not exceeding 10^9.',
  'Problem statement\n{story}\n\nWrite a program that reads the data from standard input and prints the answer to standard output.',
  '{story}\n\n-----Input-----\nThe first line contains n (1 ≤ n ≤ 2·10^5). The second line contains n integers a_1, a_2, …, a_n.\n\n-----Output-----\nOutput a single integer.\n\n-----Examples-----\nInput\n3\n1 2 3\nOutput\n6',
  '{story}\n\nYour task is to generalise this: given the quantities as input, compute the result. Time limit: 1 second. Memory limit: 256 megabytes.\n\nSample test cases are provided; your solution must pass the hidden test cases too.',
  'Implement a function solve() for the following task.\n{story}\nThe function receives the numbers as arguments and returns the answer. Note: the input can be large, so aim for O(n log n).',
  '{story}\n\nInput: several lines, each with one query in the format described.\nOutput: for every query print "YES" if the condition holds, otherwise "NO".\n\nConstraints\n1 <= q <= 10^5',
];

/** Everyday chat framing around a request in any domain, so framing words alone never decide the domain. */
export const CHAT_PREFIXES = [
  'Hey, quick question: ', 'Can you help me with this? ', 'I need some help. ', 'Hi there, ', 'Please help: ', 'Okay so ',
  'I was wondering, ', 'My friend asked me this and I am not sure: ', 'Could you please answer this: ', 'Question: ', 'Help! ',
];
export const CHAT_SUFFIXES = [
  ' Thanks in advance!', ' Please explain your answer.', ' Keep it short.', ' Thank you!', ' Step by step please.',
  ' I would appreciate a detailed answer.', ' Be concise.', ' Can you also give an example?', ' Any help is appreciated.',
];

/** Coding requests in the chat register, filled with tasks and languages below (`{task}`, `{lang}`). */
export const CODE_CHAT_TEMPLATES = [
  'How do I {task} in {lang}?', 'What is the best way to {task} in {lang}?', 'in {lang}, how can I {task}', '{lang}: {task}',
  'I am building an app and need to {task}. Can you show me the {lang} code?', 'Can you give me a {lang} snippet to {task}?',
  'My {lang} code needs to {task} but I do not know where to start.', 'Write {lang} code to {task}.',
  'is there a library in {lang} to {task}?', 'Show me how to {task} using {lang}, with comments.',
];
export const CODE_CHAT_LANGUAGES = ['Python', 'JavaScript', 'TypeScript', 'Java', 'C#', 'C++', 'Go', 'Rust', 'PHP', 'Ruby', 'Kotlin', 'Swift', 'React', 'Node.js', 'bash', 'R', 'pandas', 'Django', 'Flask', 'Spring Boot'];
export const CODE_CHAT_TASKS = [
  'read a CSV file and group rows by a column', 'call a REST API and parse the JSON response', 'upload a file to S3', 'debounce a search input',
  'sort a list of objects by a date field', 'connect to a PostgreSQL database', 'send an email with an attachment', 'validate a form before submit',
  'retry a failed HTTP request with backoff', 'parse command line arguments', 'resize images in a folder', 'scrape the titles from a web page',
  'write a unit test for a function that uses the network', 'handle a promise rejection', 'implement pagination for an endpoint',
  'authenticate users with JWT', 'cache the result of an expensive function', 'run two tasks in parallel and wait for both',
  'convert a timestamp to a local date string', 'stream a large file without loading it into memory', 'deploy a container to Kubernetes',
  'set up a websocket server', 'merge two dictionaries', 'remove duplicates from an array while keeping order', 'log errors to a file',
  'build a login page', 'create a REST endpoint that returns paginated results', 'read environment variables with defaults',
  'add dark mode to my app', 'fix a memory leak in an event listener', 'make a class immutable', 'train a linear regression model on my data',
  'plot a histogram of a column', 'schedule a job every night at midnight', 'hash a password securely', 'write a Dockerfile for my app',
];
