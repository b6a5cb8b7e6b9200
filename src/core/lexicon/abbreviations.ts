// The abbreviations of open-source chat and their long forms. A question says "PR", "CoC" or "deps" while
// the docs say "pull request", "code of conduct" and "dependencies" — or the other way round — so each entry
// is used in both directions. Curated: general open-source and software vocabulary, nothing from one corpus.

// short form = long form (several long forms separated by "|").
const TABLE = `
pr = pull request
ack = acknowledge|acknowledgement
prs = pull requests
mr = merge request
repo = repository
repos = repositories
coc = code of conduct
ci = continuous integration
cd = continuous delivery|continuous deployment
docs = documentation
doc = document|documentation
org = organization|organisation
orgs = organizations|organisations
maint = maintainer
maints = maintainers
a11y = accessibility
i18n = internationalization|internationalisation
l10n = localization|localisation
oss = open source
lgtm = looks good to me|approve
ptal = please take a look|review
wip = work in progress|draft
dm = direct message|private message
dms = direct messages|private messages
dep = dependency
deps = dependencies
devdeps = development dependencies
vuln = vulnerability
vulns = vulnerabilities
cve = vulnerability
config = configuration
configs = configurations
env = environment
envs = environments
auth = authentication|authorization
admin = administrator
admins = administrators
dev = developer|development
devs = developers
perf = performance
impl = implementation
info = information
pkg = package
pkgs = packages
lib = library
libs = libraries
faq = frequently asked questions
cli = command line|command-line
gh = github
k8s = kubernetes
js = javascript
ts = typescript
py = python
sec = security
msg = message
msgs = messages
eol = end of life
lts = long term support
rc = release candidate
ga = general availability
sla = service level agreement
tos = terms of service
cla = contributor license agreement
dco = developer certificate of origin
rfc = request for comments|proposal
rfcs = requests for comments|proposals
adr = architecture decision record
ux = user experience
ui = user interface
qa = quality assurance|testing
e2e = end to end|end-to-end
os = operating system
vm = virtual machine
db = database
api = application programming interface
mvp = minimum viable product
`;

export interface Abbreviation {
  short: string;
  long: string[];
}

export const ABBREVIATIONS: readonly Abbreviation[] = TABLE.trim()
  .split("\n")
  .map((line) => {
    const [short, long] = line.split("=").map((s) => s.trim());
    return { short: short!, long: long!.split("|").map((s) => s.trim()) };
  });
