# praxis's messages in English: for guides whose `language:` is not French.
# Each message has the same id and the same $variables in fr.ftl (a unit test checks it).
# Syntax: https://projectfluent.org/fluent/guide/

## Terminal layout (src/diagnostic.rs)

terminal-error = error: { $message }
terminal-warning = warning: { $message }
terminal-help = = help: { $help }
plain-at-line = In { $path }, line { $line }: { $message }
plain-in-file = In { $path }: { $message }
summary = { $errors ->
    [one] { $errors } error
   *[other] { $errors } errors
  }, { $warnings ->
    [one] { $warnings } warning
   *[other] { $warnings } warnings
  }

## Links (src/resolve.rs)

link-unknown = unknown link [[{ $target }]]
link-did-you-mean = did you mean { $suggestion }?

## Front matter and YAML files (src/yaml.rs)

yaml-unreadable = invalid YAML
yaml-unreadable-file = invalid YAML in { $file }
yaml-reader-says = the YAML reader says: "{ $text }"
yaml-invalid-help = check the indentation, and quote values that contain `: ` or start with `[`, `{"{"}`, `*` or `&`
yaml-number-too-large = `{ $key }`: number too large
yaml-duplicate = the field `{ $field }` is written twice
yaml-duplicate-help = keep one `{ $field }:` line: delete this one, or rename its field
yaml-tab = a tab indents this line, and YAML indents lines with spaces only
yaml-tab-help = replace the tab by spaces; a top-level field starts at the very beginning of the line
yaml-list-unclosed = the list opened by `[` is not closed
yaml-list-unclosed-help = close the list with `]` on the same line, e.g. `aliases: [CoP, communauté]`, and quote an item that holds a comma
yaml-group-unclosed = the group opened by `{"{"}` is not closed
yaml-group-unclosed-help = a value that starts with `{"{"}` is a group of fields: for text, put it in quotes, otherwise close it with `{"}"}` on the same line
yaml-colon-unexpected = this `:` cannot be here: the line is indented more than the one before, or a text holds `: `
yaml-colon-unexpected-help = start each field at the very beginning of its line, and quote a text that holds `: ` (or write the colon the French way, with a space before it)
yaml-after-quote = text follows the quote that closes the value
yaml-after-quote-help = put the whole value in single quotes, its own quotes included: `{ $fixed }`
yaml-indentation = this line is not aligned with the others: YAML reads fields and list items by their indentation
yaml-indentation-help = start each field at the very beginning of its line, and indent every `- …` of a list by the same number of spaces
yaml-character = a value cannot start with "{ $character }" without quotes
yaml-quote-help = put the value in quotes, e.g. `summary: "@équipe"`
yaml-alias = `*` starts a YAML reference (an alias) here, to a name defined nowhere
yaml-escape = in double quotes, `\` announces a special character, and the one after it is not one
yaml-escape-help = write `\\` to keep the backslash, or put the text in single quotes: `'…'`
yaml-colon-missing = this line has no `:`: each line is written `field: value`
yaml-colon-missing-help = add `:` after the field's name, or, if the line goes on with the text of the field before, indent it by two spaces
yaml-control-character = this line holds an invisible (control) character
yaml-control-character-help = type the line again, or save the file again as UTF-8 text
yaml-too-nested = the values are nested too deep, or repeated too many times by `*alias` references
yaml-unexpected-end = the text stops in the middle of a value: a quote, a `[` or a `{"{"}` opened is not closed
yaml-number-too-large-help = write a whole number with at most 18 digits
yaml-too-nested-help = front matter is a few plain fields: write the values out instead of nesting or repeating `*alias` references
yaml-not-fields = expected `field: value` lines
yaml-not-fields-help = write one `field: value` per line, e.g. `title: Coordinateur`
field-unknown = unknown field `{ $field }`
field-did-you-mean = did you mean `{ $field }`?
field-known = known fields: { $fields }
quote-to-mean-text = to mean the text, put it in quotes: `{ $fixed }`
field-not-text = `{ $field }` must be text, found { $found }
field-not-text-help = write `{ $field }: some text`
field-not-bool = `{ $field }` must be true or false, found { $found }
field-not-bool-help = write `{ $field }: true` or `{ $field }: false`
field-not-integer = `{ $field }` must be a whole number, found { $found }
field-not-integer-help = write e.g. `{ $field }: 10`
field-not-list = `{ $field }` must be a list of text, found { $found }
field-not-list-help = write `{ $field }: [first, second]` or one `- item` per line
field-not-group = `{ $field }` must be a group of `field: value` lines, found { $found }
item-colon = this `:` makes an item of `{ $field }` a field instead of text
value-colon = `:` in the middle of `{ $field }` starts another field
colon-help = to keep the text as written, put it in quotes: `{ $fixed }`, or write the colon the French way, with a space before it (` : `)
quote-unclosed = the quote { $quote } opened here is never closed
quote-unclosed-help = end the text with { $quote } on the same line: `{ $fixed }`
found-value = `{ $value }`
found-the-number = the number { $number }
found-list-holding = a list holding { $item }
found-nothing = nothing
found-bool = true/false
found-number = a number
found-text = text
found-list = a list
found-group = a group of fields
found-tagged = a tagged value

## Pages (src/content.rs)

content-missing = no content/ folder here
content-missing-help = run praxis from the guide's folder, pass --root DIR, or create one with `praxis init DIR`
symlink-loop = symbolic link loop: this link points to one of its own parent folders
symlink-loop-help = remove the link or make it point elsewhere
cannot-read = cannot read: { $cause }
home-missing = no home page: praxis made one that lists the sections
home-missing-help = create content/_index.md with a title and a welcome text
page-too-large = page too large ({ $bytes } bytes)
page-too-large-help = split it into several pages, or move the data into an asset file
not-utf8 = not UTF-8 text: invalid byte { $byte }
not-utf8-help = save the file as UTF-8 (most editors offer it in "Save as")
page-empty = empty file: a page needs front matter with at least a title
front-matter-start-help = start the file with:
    ---
    title: Titre de la page
    ---
front-matter-missing = missing front matter: a page starts with a `---` line
front-matter-unclosed = front matter is not closed
front-matter-unclosed-help = add a line with `---` after the last field
placeholder-left = placeholder text `{ $placeholder }…` is still in the page{ $count ->
    [one] {""}
   *[other] {" "}({ $count } times)
  }
placeholder-left-help = replace it with the page's own words before publishing
file-name-encoded = the file name `{ $name }.md` must be percent-encoded in the page's address
file-name-encoded-help = rename the file to `{ $slug }.md`, and links to it to [[{ $slug }]]
aliases-one-name = `aliases` is one name: `{ $name }`
aliases-one-name-help = for several names, write a list: `aliases: [{ $names }]`
title-missing = missing `title`
title-missing-help = add a line `title: Titre de la page` to the front matter
kind-unknown = unknown kind `{ $kind }`
kind-did-you-mean = did you mean `kind: { $kind }`?
kind-known = the kinds are: { $kinds }
field-wrong-kind = `{ $field }` is only used by pages of kind `{ $kind }`
field-wrong-kind-help = add `kind: { $kind }` or remove `{ $field }`
url-twice = two pages have the URL /{ $url }: this one and { $other }
url-twice-help = rename or move one of them (`a/b.md` and `a/b/_index.md` are the same page)

## Pieces of sentences (src/messages.rs)

verbatim = { $text }
list-or = { $first } or { $rest }
list-and = { $first } and { $rest }
link-unknown-help = check the spelling (case and accents do not matter), or create the page with `praxis new`
reference-unknown = unknown page `{ $target }`
reference-to-draft = { $target } is a draft ({ $file }), left out of this build
reference-ambiguous = ambiguous link { $target }: it names { $files }
reference-ambiguous-help = write the path instead: { $paths }
roles-not-a-role = `{ $role }` in `roles` is not a role: { $file } is a { $kind }
roles-not-a-role-help = list only pages of `kind: role`
image-with-space = `{ $written }` is printed as text, not read as an image: its address holds a space
link-with-space = `{ $written }` is printed as text, not read as a link: its address holds a space
space-in-address-help = write `{ $angle }`, or `{ $wiki }`, or rename the file without spaces
file-ambiguous = [[{ $name }]] could be { $candidates }
file-ambiguous-help = write the file's path from content/
link-outside = link `{ $dest }` leads outside content/
link-outside-help = link to a page or file inside content/
link-to-draft = broken link `{ $dest }`: { $file } is a draft, left out of this build
link-to-draft-help = publish it (remove `draft: true`), build with --drafts, or remove the link
markdown-link-did-you-mean = did you mean { $suggestion }? Markdown links are relative to the page's folder, or to content/ when they start with `/`
markdown-link-help = Markdown links are relative to the page's folder, or to content/ when they start with `/`
link-no-page = broken link `{ $dest }`: there is no page content/{ $path }
link-no-file = broken link `{ $dest }`: there is no file content/{ $path }
link-no-file-help = put the file in content/ next to the page, or fix the path
anchor-unknown = no heading #{ $anchor } in { $file }
anchor-did-you-mean = did you mean #{ $anchor }?
anchor-no-headings = that page has no headings
anchor-headings = its headings are: { $headings }
term-unused = term is used by no page ({ $title })
page-orphan = orphan page: no other page links to it ({ $title })
page-orphan-help = link it from a related page with [[{ $stem }]]
role-without-example = role with no example ({ $title })
role-without-example-help = add `roles: [{ $stem }]` to an example that shows it

## Settings, praxis.yaml (src/config.rs)

config-not-a-file = praxis.yaml is not a file
config-not-a-file-help = make praxis.yaml a text file, or remove it to use the default settings
config-too-large = praxis.yaml is too large ({ $bytes } bytes)
config-too-large-help = a site's settings take a few lines: see `praxis init DIR`
config-not-utf8 = praxis.yaml is not UTF-8 text
config-missing = no praxis.yaml: using the default settings
config-missing-help = run `praxis init DIR` to see a complete praxis.yaml
setting-unknown-value = unknown { $field } mode `{ $value }`
setting-values = write `{ $field }:` followed by { $values }
period-invalid = `every`: `{ $value }` is not a period
period-invalid-help = write years or months, e.g. `every: 3y` or `every: 18m`
base-url-help = write an absolute URL such as `https://example.org/guide/`
base-url-argument-help = pass an absolute URL, e.g. --base-url https://example.org/guide/
base-url-not-absolute = `{ $field }` must be an absolute URL, found `{ $url }`
base-url-not-http = `{ $field }` must start with http:// or https:// and a host, found `{ $url }`
base-url-forbidden-characters = `{ $field }` cannot contain a query, a fragment, spaces or quotes: `{ $url }`
base-url-placeholder = `base_url` is a placeholder: { $url }
base-url-placeholder-help = write the address where the guide will be published, e.g. `base_url: https://guide.mon-reseau.fr/`
language-invalid = `language` must be a language tag, found `{ $value }`
language-invalid-help = write e.g. `language: fr` (the theme's words come from strings.<language>.yaml)
section-outside = a section must be a folder inside content/

## Sources and bibliography (src/cite.rs)

source-help = write `source: https://…`, or `source: {"{"}url: https://…, label: Titre du document{"}"}`
source-unknown-field = `source`: unknown field `{ $field }`
source-no-url = `source` needs a URL
source-not-web = `source`: `{ $url }` is not a web address
source-not-web-help = write the whole address, starting with https://
bibliography-not-text = the bibliography is not a text file of a reasonable size
bibliography-not-text-help = name a .bib or .yaml file under 16 MB in `bibliography:` of praxis.yaml
bibliography-unreadable = cannot read the bibliography: { $cause }
bibliography-unreadable-help = check `bibliography:` in praxis.yaml: a .bib or .yaml file, from the guide's folder
bibliography-invalid = invalid bibliography: { $detail }
bib-date-invalid = `{ $field }` of the entry `{ $key }` is not a date
bib-date-invalid-help = write the year, or year-month-day: `{ $field }: 2020` or `{ $field }: 2020-03-12`
bib-type-unknown = unknown type `{ $value }` for the entry `{ $key }`
bib-type-unknown-help = write one of hayagriva's types, e.g. article, book, chapter, report, thesis, web or misc
bib-value-unknown = unknown value `{ $value }` for `{ $field }` of the entry `{ $key }`
bib-field-unknown = unknown field `{ $field }` in the entry `{ $key }`
bib-field-missing = the entry `{ $key }` lacks `{ $field }`
bib-field-missing-help = add `{ $field }:` to the entry
bib-field-wrong-form = `{ $field }` of the entry `{ $key }` does not have the expected form: it is { $found }
bib-entry-invalid = the entry `{ $key }` (`{ $field }`) does not read: { $cause }
bibliography-invalid-help = write entries as hayagriva's YAML (https://github.com/typst/hayagriva)
bibtex-invalid = invalid BibTeX: { $detail }
bibtex-invalid-help = export the library again from Zotero (BibTeX), or fix the entry
bibtex-token-name = a name (of a type, key or field)
bibtex-eof = the file stops in the middle of an entry: a brace `{"{"}` opened is not closed
bibtex-eof-help = close each value with `{"}"}`, then the entry with `{"}"}`: `title = {"{"}A title{"}"},`
bibtex-expected = { $token } is missing here
bibtex-unexpected = { $token } is not expected here
bibtex-field-help = an entry is written `@article{"{"}key,` then one field `name = {"{"}value{"}"},` per line: check the comma at the end of the line before and the braces of the value
bibtex-abbreviation = `{ $name }` is defined nowhere: a value without braces or quotes is the name of an abbreviation (`@string`)
bibtex-abbreviation-help = put the value in braces: `{"{"}{ $name }{"}"}`
bibtex-duplicate = the key `{ $key }` is given to two entries
bibtex-duplicate-help = rename one of them, and the citations [@…] that point at it
bibtex-command = malformed TeX command (a backslash `\` followed by nothing known)
bibtex-command-help = write accents as they are (é, è, ç) rather than as TeX commands, or close the command: `{"{"}\'e{"}"}`
bibtex-crossref = an entry refers (`crossref`) to an entry that is missing or does not read
bibtex-date = this date does not read
bibtex-date-help = write `year = {"{"}2020{"}"}`, or `date = {"{"}2020-03-12{"}"}`
bibtex-number = this number does not read
bibtex-number-help = write a number, or pages such as `pages = {"{"}12--18{"}"}`
apa-missing = the APA style is missing from hayagriva
cite-without-bibliography = citation [@{ $key }] but the guide has no bibliography
cite-without-bibliography-help = name the bibliography in praxis.yaml: `bibliography: bibliographie.bib`
cite-unknown = unknown reference [@{ $key }]
cite-unknown-did-you-mean = unknown reference [@{ $key }] — did you mean [@{ $suggestion }]?
cite-check-key-help = check the key in { $file } (case matters)
cite-unknown-help = add the entry to { $file }, or cite one of its keys

## Reviews (src/dates.rs, src/review.rs)

date-invalid = `{ $field }`: `{ $value }` is not a date
date-invalid-help = write the date as year-month-day, e.g. `{ $field }: 2026-03-12`
next-review-before = `next_review` is before `reviewed`
next-review-before-help = the next review comes after the last one: check the two dates
review-overdue = page to review: its review was due on { $date } ({ $iso })
review-overdue-help = once the page is reviewed, set `reviewed:` to the day of the review (and `next_review:` if the team set one)

## The built site (src/linkcheck.rs, src/sheets.rs, src/print.rs)

link-in-html = broken link `{ $href }` (written in HTML in the page): the guide has no { $target }
link-in-html-help = fix the address, or write the link in Markdown, which praxis checks as soon as you save: [[Page title]] or [text](file.md)
internal-link-anchor = internal error: { $from } links to `{ $href }` ({ $target }), an anchor that is not on that page
internal-link-file = internal error: { $from } links to `{ $href }` ({ $target }), a file the build did not write
internal-link-help = a link made by praxis or by a template of the theme points nowhere; if a template of themes/ holds it, correct it there, otherwise report this bug to praxis
sheet-shared = this role and { $other } would share the sheet { $sheet }
sheet-shared-help = rename one of the two files: a role's sheet is named after its file
print-placeholder-address = the guide's address, { $url }, is an example address ({ $host }): printed, the sheets' links and their source would lead nowhere
print-placeholder-address-help = give the address where the guide is published: `base_url: https://…/` in praxis.yaml, or for this print only `praxis print --base-url https://…/`

## Theme and templates (src/theme.rs, src/render.rs)

theme-no-strings = the theme has no { $file }: its words are shown in French
theme-no-strings-help = translate the built-in { $built_in } into { $file }
strings-not-utf8 = strings file is not UTF-8 text
theme-missing = theme `{ $name }` not found in themes/
theme-missing-help = create themes/<name>/ or remove `theme:` to use the built-in theme
theme-unreadable = cannot read the theme: { $cause }
template-not-utf8 = template is not UTF-8 text
template-error = template error: { $detail }
template-without = { $template } must show its content with `{ $shows }`
template-error-help = fix the template (Tera syntax: https://keats.github.io/tera/docs/)
while-rendering = { $message } (rendering { $page }{ $others ->
    [0] {""}
    [one] {" "}and { $others } other page
   *[other] {" "}and { $others } other pages
  })

## Writing the site (src/pipeline.rs)

path-reserved = `{ $path }` is where praxis writes its own files (role sheets, the guide to print, theme files, search index, sitemap, 404 page, offline web app, changes, bibliography)
path-reserved-help = rename or move this file; `fiches/`, `imprimer/`, `static/`, `nouveautes/`, `bibliographie/`, `search-index.js`, `sitemap.xml`, `feed.xml`, `404.html`, `sw.js`, `precache.json` and `manifest.webmanifest` are reserved

## Command line: what each command did (src/main.rs)

built = built { $pages } pages into { $folder } in { $ms } ms ({ $summary })
build-failed = build failed: { $summary }; the previous output is unchanged
checked = checked: { $summary }
epub-written = wrote { $file } ({ $summary })
epub-failed = no e-book written: { $summary }
printed = printed { $pdfs ->
    [one] { $pdfs } PDF
   *[other] { $pdfs } PDFs
  } into { $folder } in { $ms } ms ({ $summary })
print-failed = print failed: { $summary }; no PDF written
print-refused = print failed: no PDF written
pages = { $pages }
pages-of = { $rendered } of { $pages }
serve-built = built { $count } pages in { $ms } ms ({ $summary })
serve-rebuilt = rebuilt { $count } pages in { $ms } ms after { $more ->
    [0] a change to { $file }
   *[other] changes to { $file } and { $more } more
  } ({ $summary })
serve-failed-first = build failed in { $ms } ms: { $summary }; serving an error page until it is fixed
serve-failed-partial = build failed in { $ms } ms: { $summary }; { $count } pages rebuilt; the pages with errors show their last good version
serve-failed = build failed in { $ms } ms: { $summary }; still serving the last good site
serving = serving { $title } at { $url } (Ctrl+C to stop)
watch-stopped = warning: the file watcher stopped; restart `praxis serve` to see changes

## Command line: errors (src/main.rs, src/scaffold.rs, src/output.rs, src/print.rs)

cli-command-unknown = unknown command `{ $command }`: the commands are build, check, serve, new, init, epub and print
cli-command-did-you-mean = unknown command `{ $command }`; did you mean `{ $near }`?
cli-option-unknown = unknown option { $option }
cli-option-did-you-mean = unknown option { $option }; did you mean { $near }?
cli-missing = { $what } is missing
cli-invalid-value = `{ $value }` is not a possible value of { $option }
cli-conflict = { $option } does not go with { $other }: give one or the other
cli-values = { $option } has the wrong number of values
cli-with-help = { $message }
      help: `{ $command } --help` gives the options
root-missing = --root { $root }: no such folder
today-invalid = --today { $value }: not a date; write it as year-month-day, e.g. --today 2026-03-12
cannot-create = cannot create { $folder }
cannot-create-temporary = cannot create a temporary folder
cannot-write-file = cannot write { $file }
cannot-read-file = cannot read { $file }
cannot-print = cannot print { $file }: { $cause }
new-kind-unknown = unknown kind `{ $kind }`: write one of role, term, example, page
new-no-content = { $root } has no content/ folder: pass --root DIR, or create a guide with `praxis init DIR`
new-exists = { $file } already exists: choose another name
new-name-invalid = invalid name `{ $name }`: write a title in words, e.g. `praxis new term "fil de discussion"`, or a slug such as `animateur` or `organisation/animateur`
new-created = created { $file }, titled "{ $title }"
new-created-from-slug = created { $file }, titled "{ $title }"
      the title is the slug's words: to give it its accents, edit `title:` in the file, or run `praxis new { $kind } "Titre en clair"`
init-exists = { $dir } already holds a guide (praxis.yaml or content/): choose an empty folder
init-created = created a guide in { $dir }: run `praxis serve --root { $dir }` to see it
output-inside-guide = --output { $output }: replacing it would destroy the guide's files; choose a folder outside content/ and themes/, e.g. { $public }
output-foreign = --output { $output }: this folder is not empty and was not built by praxis; it would be replaced whole — remove it or choose another folder
role-argument-no-roles = --role { $role }: no such role (the guide has no role)
role-argument-unknown = --role { $role }: no such role; the roles are: { $roles }
role-argument-did-you-mean = --role { $role }: no such role — did you mean { $near }?
chromium-not-executable = praxis print needs Chromium, and PRAXIS_CHROMIUM={ $path } is not an executable file
      help: install it with `apt-get install chromium`, or set PRAXIS_CHROMIUM to the browser's path
chromium-missing = praxis print needs Chromium to print PDFs, and none of { $browsers } is on PATH
      help: install it with `apt-get install chromium`, or set PRAXIS_CHROMIUM to the browser's path

## Files and folders the system refuses (src/messages.rs, src/output.rs, src/print.rs)

error-because = { $what }: { $cause }
io-not-found = no such file or folder
io-permission-denied = permission denied: praxis may not read or write there; ask for the right, or choose another folder
io-already-exists = a file of that name already exists
io-is-a-folder = it is a folder, where a file is expected
io-not-a-folder = part of the path is a file, where a folder is expected
io-folder-not-empty = the folder is not empty
io-storage-full = the disk is full: free some room, then try again
io-read-only = this disk is read-only: choose a folder that can be written to
io-file-too-large = the file is too large for this disk
io-name-invalid = this file name is too long, or not allowed on this disk
io-not-utf8 = it is not UTF-8 text: save the file as UTF-8
io-busy = the file is in use by another program: close it, then try again
io-timed-out = the system did not answer in time: try again
io-out-of-memory = the computer is out of memory
io-crosses-devices = the two folders are on different disks
io-other = the system says: "{ $text }"
library-says = { $library } says: "{ $text }"
output-folder-invalid = { $folder } cannot be an output folder: give a folder's name
output-not-a-folder = { $folder } exists and is not a folder: choose another --output
cannot-copy = cannot copy { $from } to { $file }
cannot-move-in = cannot put the new site in place of { $folder }
cannot-move-aside = cannot move { $folder } aside
cannot-keep = cannot keep { $folder }
cannot-remove = cannot remove { $file }
cannot-make-epub = cannot make the e-book: { $cause }
cannot-print-booklet = cannot print the booklet of sheets: { $cause }
print-no-places = { $browser } wrote a PDF without the places of the sheets: its version cannot measure them
chromium-cannot-run = cannot run { $browser }: { $cause }
chromium-cannot-wait = cannot follow { $browser }: { $cause }
chromium-timed-out = { $browser } did not finish within { $seconds } s and was stopped
chromium-no-pdf = { $browser } wrote no PDF{ $log }
chromium-failed = { $browser } failed ({ $status }){ $log }
chromium-log = ; its last messages:{ $lines }
exit-code = exit code { $code }
exit-signal = stopped by signal { $signal }
sheets-not-measured-no-browser = the length of the printed sheets was not checked: it takes Chromium to print them
      help: install it (`apt-get install chromium`), or give its path in PRAXIS_CHROMIUM=path
sheets-not-measured = the length of the printed sheets was not checked: { $cause }
      help: for a big guide, give the browser more time, e.g. PRAXIS_PRINT_TIMEOUT=300 (in seconds)

## The preview's overlay in the browser (src/serve.rs)

overlay-kept = The last change does not build ({ $errors ->
    [one] { $errors } error
   *[other] { $errors } errors
  })
overlay-kept-under = This page is the last good version; it reloads by itself once the problem is fixed.
overlay-broken = The guide does not build ({ $errors ->
    [one] { $errors } error
   *[other] { $errors } errors
  })
overlay-broken-under = This page reloads by itself once the problem is fixed.
overlay-close = Close
listen-in-use = cannot listen on { $addr }: address in use — pass --port N
listen-denied = cannot listen on { $addr }: permission denied — pass --port N above 1023
listen-unavailable = cannot listen on { $addr }: address not available on this machine — pass --bind ADDR
listen-failed = cannot listen on { $addr }: { $cause }
watch-failed = cannot watch the guide's files: { $cause }
root-unreadable = --root { $root }: { $cause }
pack-shared = this meeting pack and { $other } would share the page { $sheet }
pack-shared-help = rename the pack's file: a pack is printed at fiches/<its file's name>/, beside the roles' sheets
print-what = { $what ->
    [role] role
   *[other] meeting pack
  }
print-argument-none = { $option } { $name }: no such { $what } (the guide has none)
print-argument-unknown = { $option } { $name }: no such { $what }; the guide has: { $known }
print-argument-did-you-mean = { $option } { $name }: no such { $what } — did you mean { $near }?
sheet-too-long = the sheet of { $role } takes { $pages } pages
sheet-too-long-help = a printed sheet fits on one A4 page: shorten the role's text ({ $words } words), its tasks or its examples; on the sheet, { $terms ->
    [one] { $terms } defined term
   *[other] { $terms } defined terms
  } and { $links ->
    [one] { $links } link
   *[other] { $links } links
  } take room too
terminal-note = note: { $note }
meeting-date-help = write the meeting's date as year-month-day, e.g. `date: 2026-03-12`
reference-wrong-kind = `{ $name }` in `{ $field }` is not a { $kind }: { $file } is a { $found }
reference-wrong-kind-help = list only pages of `kind: { $kind }` in `{ $field }`

## Preview (src/notices.rs): pages with errors, warnings

notice-broken = To fix:
notice-broken-after = (these pages show their last good version under their errors; every other page is up to date)
notice-warnings = { $count ->
    [one] { $count } warning
   *[other] { $count } warnings
  }
notice-close = Close

## praxis check: the pages to review (src/review.rs)

review-list-none = to review as of { $date }: none
review-list = to review as of { $date }: { $late ->
    [one] { $late } page overdue
   *[other] { $late } pages overdue
  }, { $never } never reviewed
review-never = never reviewed
review-due = due { $date }
review-last-by = (reviewed { $date } by { $by })
review-last = (reviewed { $date })
