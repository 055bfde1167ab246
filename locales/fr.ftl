# Les messages de praxis en français, pour les guides écrits avec `language: fr`.
# Chaque message a le même identifiant et les mêmes $variables dans en.ftl (un test le vérifie).
# Syntaxe : https://projectfluent.org/fluent/guide/ — les pluriels suivent les règles
# du français (CLDR) : 0 et 1 au singulier.

## Mise en page du terminal (src/diagnostic.rs)

terminal-error = erreur : { $message }
terminal-warning = avertissement : { $message }
terminal-help = = aide : { $help }
plain-at-line = Dans { $path }, ligne { $line } : { $message }
plain-in-file = Dans { $path } : { $message }
summary = { $errors ->
    [one] { $errors } erreur
   *[other] { $errors } erreurs
  }, { $warnings ->
    [one] { $warnings } avertissement
   *[other] { $warnings } avertissements
  }

## Liens (src/resolve.rs)

link-unknown = le lien [[{ $target }]] ne mène à aucune page
link-did-you-mean = vouliez-vous dire { $suggestion } ?

## En-tête des pages et fichiers YAML (src/yaml.rs)

yaml-unreadable = l'en-tête ne se lit pas (YAML)
yaml-unreadable-file = { $file } ne se lit pas (YAML)
yaml-reader-says = le lecteur YAML répond (en anglais) : « { $text } »
yaml-invalid-help = vérifiez l'indentation, et mettez entre guillemets une valeur qui contient `: ` ou commence par `[`, `{"{"}`, `*` ou `&`
yaml-number-too-large = `{ $key }` est un nombre trop grand
yaml-duplicate = le champ `{ $field }` est écrit deux fois
yaml-duplicate-help = gardez une seule ligne `{ $field }:` : supprimez celle-ci, ou renommez son champ
yaml-tab = une tabulation décale cette ligne, or YAML ne décale les lignes qu'avec des espaces
yaml-tab-help = remplacez la tabulation par des espaces ; un champ de premier niveau commence au tout début de la ligne
yaml-list-unclosed = la liste ouverte par `[` n'est pas fermée
yaml-list-unclosed-help = fermez la liste par `]` sur la même ligne, par exemple `aliases: [CoP, communauté]`, et mettez entre guillemets un élément qui contient une virgule
yaml-group-unclosed = le groupe ouvert par `{"{"}` n'est pas fermé
yaml-group-unclosed-help = une valeur qui commence par `{"{"}` est un groupe de champs : pour du texte, mettez-la entre guillemets, sinon fermez-la par `{"}"}` sur la même ligne
yaml-colon-unexpected = ce `:` ne peut pas être ici : la ligne est plus décalée que celle d'avant, ou un texte contient `: `
yaml-colon-unexpected-help = commencez chaque champ au tout début de la ligne, et mettez entre guillemets un texte qui contient `: ` (ou écrivez les deux-points à la française, avec une espace avant)
yaml-after-quote = du texte suit le guillemet qui ferme la valeur
yaml-after-quote-help = mettez toute la valeur entre guillemets simples, ses guillemets compris : `{ $fixed }`
yaml-indentation = cette ligne n'est pas alignée sur les autres : YAML comprend les champs et les éléments de liste par leur décalage
yaml-indentation-help = commencez chaque champ au tout début de la ligne, et décalez tous les `- …` d'une même liste du même nombre d'espaces
yaml-character = une valeur ne peut pas commencer par « { $character } » sans guillemets
yaml-quote-help = mettez la valeur entre guillemets, par exemple `summary: "@équipe"`
yaml-alias = `*` commence ici une référence YAML (un alias) à un nom défini nulle part
yaml-escape = entre guillemets doubles, `\` annonce un caractère spécial, et celui qui suit n'en est pas un
yaml-escape-help = écrivez `\\` pour garder la barre oblique inverse, ou mettez le texte entre guillemets simples : `'…'`
yaml-colon-missing = cette ligne n'a pas de `:` : chaque ligne s'écrit `champ: valeur`
yaml-colon-missing-help = ajoutez `:` après le nom du champ, ou, si la ligne continue le texte du champ d'avant, décalez-la de deux espaces
yaml-control-character = cette ligne contient un caractère invisible (un caractère de contrôle)
yaml-control-character-help = retapez la ligne, ou enregistrez de nouveau le fichier en texte UTF-8
yaml-too-nested = les valeurs sont trop imbriquées, ou répétées trop de fois par des références `*alias`
yaml-unexpected-end = le texte s'arrête au milieu d'une valeur : un guillemet, un `[` ou un `{"{"}` ouvert n'est pas fermé
yaml-number-too-large-help = écrivez un nombre entier de 18 chiffres au plus
yaml-too-nested-help = l'en-tête n'a que quelques champs simples : écrivez les valeurs en entier au lieu d'imbriquer ou de répéter des références `*alias`
yaml-not-fields = l'en-tête doit être fait de lignes `champ: valeur`
yaml-not-fields-help = écrivez un `champ: valeur` par ligne, par exemple `title: Coordinateur`
field-unknown = champ inconnu `{ $field }`
field-did-you-mean = vouliez-vous dire `{ $field }` ?
field-known = champs connus : { $fields }
quote-to-mean-text = pour garder le texte tel quel, mettez-le entre guillemets : `{ $fixed }`
field-not-text = `{ $field }` doit être du texte, or c'est { $found }
field-not-text-help = écrivez `{ $field }: du texte`
field-not-bool = `{ $field }` doit valoir true ou false, or c'est { $found }
field-not-bool-help = écrivez `{ $field }: true` ou `{ $field }: false`
field-not-integer = `{ $field }` doit être un nombre entier, or c'est { $found }
field-not-integer-help = écrivez par exemple `{ $field }: 10`
field-not-list = `{ $field }` doit être une liste de textes, or c'est { $found }
field-not-list-help = écrivez `{ $field }: [premier, second]` ou un `- élément` par ligne
field-not-group = `{ $field }` doit être un groupe de lignes `champ: valeur`, or c'est { $found }
item-colon = ce `:` fait d'un élément de `{ $field }` un champ au lieu d'un texte
value-colon = le `:` au milieu de `{ $field }` commence un autre champ
colon-help = pour garder le texte tel quel, mettez-le entre guillemets : `{ $fixed }`, ou écrivez les deux-points à la française, avec une espace avant (` : `)
quote-unclosed = le guillemet { $quote } ouvert ici n'est jamais fermé
quote-unclosed-help = fermez le texte par { $quote } sur la même ligne : `{ $fixed }`
found-value = `{ $value }`
found-the-number = le nombre { $number }
found-list-holding = une liste qui contient { $item }
found-nothing = vide
found-bool = true/false
found-number = un nombre
found-text = du texte
found-list = une liste
found-group = un groupe de champs
found-tagged = une valeur étiquetée

## Pages (src/content.rs)

content-missing = pas de dossier content/ ici
content-missing-help = lancez praxis depuis le dossier du guide, donnez --root DOSSIER, ou créez un guide avec `praxis init DOSSIER`
symlink-loop = boucle de liens symboliques : ce lien mène à l'un de ses propres dossiers parents
symlink-loop-help = supprimez le lien ou faites-le mener ailleurs
cannot-read = lecture impossible : { $cause }
home-missing = pas de page d'accueil : praxis en a fait une qui liste les sections
home-missing-help = créez content/_index.md avec un titre et un texte d'accueil
page-too-large = page trop grande ({ $bytes } octets)
page-too-large-help = partagez-la en plusieurs pages, ou mettez les données dans un fichier à part
not-utf8 = ce n'est pas du texte UTF-8 : octet invalide { $byte }
not-utf8-help = enregistrez le fichier en UTF-8 (la plupart des éditeurs le proposent dans « Enregistrer sous »)
page-empty = fichier vide : une page commence par un en-tête qui donne au moins un titre
front-matter-start-help = commencez le fichier par :
    ---
    title: Titre de la page
    ---
front-matter-missing = l'en-tête manque : une page commence par une ligne `---`
front-matter-unclosed = l'en-tête n'est pas fermé
front-matter-unclosed-help = ajoutez une ligne `---` après le dernier champ
placeholder-left = le texte d'attente `{ $placeholder }…` est encore dans la page{ $count ->
    [one] {""}
   *[other] {" "}({ $count } fois)
  }
placeholder-left-help = remplacez-le par le texte de la page avant de publier
file-name-encoded = le nom de fichier `{ $name }.md` doit être encodé (%) dans l'adresse de la page
file-name-encoded-help = renommez le fichier `{ $slug }.md`, et les liens vers lui [[{ $slug }]]
aliases-one-name = `aliases` ne donne qu'un seul nom : `{ $name }`
aliases-one-name-help = pour plusieurs noms, écrivez une liste : `aliases: [{ $names }]`
title-missing = le titre (`title`) manque
title-missing-help = ajoutez une ligne `title: Titre de la page` à l'en-tête
kind-unknown = type de page inconnu `{ $kind }`
kind-did-you-mean = vouliez-vous dire `kind: { $kind }` ?
kind-known = les types sont : { $kinds }
field-wrong-kind = `{ $field }` ne sert qu'aux pages de type `{ $kind }`
field-wrong-kind-help = ajoutez `kind: { $kind }` ou retirez `{ $field }`
url-twice = deux pages ont l'adresse /{ $url } : celle-ci et { $other }
url-twice-help = renommez ou déplacez l'une des deux (`a/b.md` et `a/b/_index.md` sont la même page)

## Morceaux de phrases (src/messages.rs)

verbatim = { $text }
list-or = { $first } ou { $rest }
list-and = { $first } et { $rest }
link-unknown-help = vérifiez l'orthographe (majuscules et accents ne comptent pas), ou créez la page avec `praxis new`
reference-unknown = `{ $target }` ne désigne aucune page
reference-to-draft = { $target } est un brouillon ({ $file }), laissé hors de cette construction
reference-ambiguous = le lien { $target } est ambigu : il désigne { $files }
reference-ambiguous-help = écrivez plutôt le chemin : { $paths }
roles-not-a-role = `{ $role }` dans `roles` n'est pas un rôle : { $file } est de type { $kind }
roles-not-a-role-help = ne citez que des pages de type `kind: role`
image-with-space = `{ $written }` s'affiche tel quel, pas comme une image : son adresse contient une espace
link-with-space = `{ $written }` s'affiche tel quel, pas comme un lien : son adresse contient une espace
space-in-address-help = écrivez `{ $angle }`, ou `{ $wiki }`, ou renommez le fichier sans espaces
file-ambiguous = [[{ $name }]] peut désigner { $candidates }
file-ambiguous-help = écrivez le chemin du fichier depuis content/
link-outside = le lien `{ $dest }` sort de content/
link-outside-help = faites un lien vers une page ou un fichier de content/
link-to-draft = lien cassé `{ $dest }` : { $file } est un brouillon, laissé hors de cette construction
link-to-draft-help = publiez-le (retirez `draft: true`), construisez avec --drafts, ou retirez le lien
markdown-link-did-you-mean = vouliez-vous dire { $suggestion } ? Un lien Markdown part du dossier de la page, ou de content/ s'il commence par `/`
markdown-link-help = un lien Markdown part du dossier de la page, ou de content/ s'il commence par `/`
link-no-page = lien cassé `{ $dest }` : il n'y a pas de page content/{ $path }
link-no-file = lien cassé `{ $dest }` : il n'y a pas de fichier content/{ $path }
link-no-file-help = mettez le fichier dans content/ à côté de la page, ou corrigez le chemin
anchor-unknown = pas de titre #{ $anchor } dans { $file }
anchor-did-you-mean = vouliez-vous dire #{ $anchor } ?
anchor-no-headings = cette page n'a pas de titres de section
anchor-headings = ses titres sont : { $headings }
term-unused = aucune page n'utilise ce terme ({ $title })
page-orphan = page orpheline : aucune autre page n'y mène ({ $title })
page-orphan-help = faites-y un lien depuis une page voisine avec [[{ $stem }]]
role-without-example = rôle sans exemple ({ $title })
role-without-example-help = ajoutez `roles: [{ $stem }]` à un exemple qui le montre

## Réglages, praxis.yaml (src/config.rs)

config-not-a-file = praxis.yaml n'est pas un fichier
config-not-a-file-help = faites de praxis.yaml un fichier texte, ou supprimez-le pour garder les réglages par défaut
config-too-large = praxis.yaml est trop grand ({ $bytes } octets)
config-too-large-help = les réglages d'un guide tiennent en quelques lignes : voyez `praxis init DOSSIER`
config-not-utf8 = praxis.yaml n'est pas du texte UTF-8
config-missing = pas de praxis.yaml : réglages par défaut
config-missing-help = lancez `praxis init DOSSIER` pour voir un praxis.yaml complet
setting-unknown-value = valeur inconnue pour { $field } : `{ $value }`
setting-values = écrivez `{ $field }:` suivi de { $values }
period-invalid = `every` : `{ $value }` n'est pas une durée
period-invalid-help = écrivez des années ou des mois, par exemple `every: 3y` ou `every: 18m`
base-url-help = écrivez une adresse complète comme `https://example.org/guide/`
base-url-argument-help = donnez une adresse complète, par exemple --base-url https://example.org/guide/
base-url-not-absolute = `{ $field }` doit être une adresse complète, or c'est `{ $url }`
base-url-not-http = `{ $field }` doit commencer par http:// ou https:// et un nom de site, or c'est `{ $url }`
base-url-forbidden-characters = `{ $field }` ne peut contenir ni requête, ni fragment, ni espaces, ni guillemets : `{ $url }`
base-url-placeholder = `base_url` est une adresse d'attente : { $url }
base-url-placeholder-help = écrivez l'adresse où le guide sera publié, par exemple `base_url: https://guide.mon-reseau.fr/`
language-invalid = `language` doit être un code de langue, or c'est `{ $value }`
language-invalid-help = écrivez par exemple `language: fr` (les mots du thème viennent de strings.<langue>.yaml)
section-outside = une section doit être un dossier dans content/

## Sources et bibliographie (src/cite.rs)

source-help = écrivez `source: https://…`, ou `source: {"{"}url: https://…, label: Titre du document{"}"}`
source-unknown-field = `source` : champ inconnu `{ $field }`
source-no-url = `source` demande une adresse web
source-not-web = `source` : `{ $url }` n'est pas une adresse web
source-not-web-help = écrivez l'adresse entière, en commençant par https://
bibliography-not-text = la bibliographie n'est pas un fichier texte de taille raisonnable
bibliography-not-text-help = donnez dans `bibliography:` de praxis.yaml un fichier .bib ou .yaml de moins de 16 Mo
bibliography-unreadable = lecture de la bibliographie impossible : { $cause }
bibliography-unreadable-help = vérifiez `bibliography:` dans praxis.yaml : un fichier .bib ou .yaml, depuis le dossier du guide
bibliography-invalid = bibliographie illisible : { $detail }
bib-date-invalid = `{ $field }` de l'entrée `{ $key }` n'est pas une date
bib-date-invalid-help = écrivez l'année, ou l'année-mois-jour : `{ $field }: 2020` ou `{ $field }: 2020-03-12`
bib-type-unknown = type inconnu `{ $value }` pour l'entrée `{ $key }`
bib-type-unknown-help = écrivez l'un des types de hayagriva, par exemple article, book, chapter, report, thesis, web ou misc
bib-value-unknown = valeur inconnue `{ $value }` pour `{ $field }` de l'entrée `{ $key }`
bib-field-unknown = champ inconnu `{ $field }` dans l'entrée `{ $key }`
bib-field-missing = il manque `{ $field }` à l'entrée `{ $key }`
bib-field-missing-help = ajoutez `{ $field }:` à l'entrée
bib-field-wrong-form = `{ $field }` de l'entrée `{ $key }` n'a pas la forme attendue : c'est { $found }
bib-entry-invalid = l'entrée `{ $key }` (`{ $field }`) ne se lit pas : { $cause }
bibliography-invalid-help = écrivez les entrées dans le YAML de hayagriva (https://github.com/typst/hayagriva)
bibtex-invalid = BibTeX illisible : { $detail }
bibtex-invalid-help = exportez à nouveau la bibliothèque depuis Zotero (BibTeX), ou corrigez l'entrée
bibtex-token-name = un nom (de type, de clé ou de champ)
bibtex-eof = le fichier s'arrête au milieu d'une entrée : une accolade `{"{"}` ouverte n'est pas fermée
bibtex-eof-help = fermez chaque valeur par `{"}"}`, puis l'entrée par `{"}"}` : `title = {"{"}Un titre{"}"},`
bibtex-expected = il manque ici { $token }
bibtex-unexpected = { $token } est de trop ici
bibtex-field-help = une entrée s'écrit `@article{"{"}clé,` puis un champ `nom = {"{"}valeur{"}"},` par ligne : vérifiez la virgule à la fin de la ligne d'avant et les accolades de la valeur
bibtex-abbreviation = `{ $name }` n'est défini nulle part : une valeur sans accolades ni guillemets est le nom d'une abréviation (`@string`)
bibtex-abbreviation-help = mettez la valeur entre accolades : `{"{"}{ $name }{"}"}`
bibtex-duplicate = la clé `{ $key }` est donnée à deux entrées
bibtex-duplicate-help = renommez l'une des deux, et les citations [@…] qui la visent
bibtex-command = commande TeX mal formée (une barre oblique inverse `\` suivie de rien de connu)
bibtex-command-help = écrivez les accents tels quels (é, è, ç) plutôt qu'en commandes TeX, ou fermez la commande : `{"{"}\'e{"}"}`
bibtex-crossref = une entrée renvoie (`crossref`) à une entrée absente ou qui ne se lit pas
bibtex-date = cette date ne se lit pas
bibtex-date-help = écrivez `year = {"{"}2020{"}"}`, ou `date = {"{"}2020-03-12{"}"}`
bibtex-number = ce nombre ne se lit pas
bibtex-number-help = écrivez un nombre, ou des pages comme `pages = {"{"}12--18{"}"}`
apa-missing = le style APA manque dans hayagriva
cite-without-bibliography = citation [@{ $key }] alors que le guide n'a pas de bibliographie
cite-without-bibliography-help = nommez la bibliographie dans praxis.yaml : `bibliography: bibliographie.bib`
cite-unknown = référence inconnue [@{ $key }]
cite-unknown-did-you-mean = référence inconnue [@{ $key }] ; vouliez-vous dire [@{ $suggestion }] ?
cite-check-key-help = vérifiez la clé dans { $file } (les majuscules comptent)
cite-unknown-help = ajoutez l'entrée à { $file }, ou citez l'une de ses clés

## Relectures (src/dates.rs, src/review.rs)

date-invalid = `{ $field }` : `{ $value }` n'est pas une date
date-invalid-help = écrivez la date en année-mois-jour, par exemple `{ $field }: 2026-03-12`
next-review-before = `next_review` tombe avant `reviewed`
next-review-before-help = la prochaine relecture vient après la dernière : vérifiez les deux dates
review-overdue = page à relire : sa relecture était prévue le { $date } ({ $iso })
review-overdue-help = une fois la page relue, mettez dans `reviewed:` le jour de la relecture (et `next_review:` si l'équipe en a fixé une)

## Le site construit (src/linkcheck.rs, src/sheets.rs, src/print.rs)

link-in-html = lien cassé `{ $href }` (écrit en HTML dans la page) : le guide n'a pas de { $target }
link-in-html-help = corrigez l'adresse, ou écrivez le lien en Markdown, que praxis vérifie dès l'enregistrement : [[Titre de la page]] ou [texte](fichier.md)
internal-link-anchor = erreur interne : { $from } mène à `{ $href }` ({ $target }), une ancre absente de cette page
internal-link-file = erreur interne : { $from } mène à `{ $href }` ({ $target }), un fichier que la construction n'a pas écrit
internal-link-help = un lien fait par praxis ou par un gabarit du thème ne mène nulle part ; si un gabarit de themes/ le contient, corrigez-le là, sinon signalez ce défaut à praxis
sheet-shared = ce rôle et { $other } auraient la même fiche { $sheet }
sheet-shared-help = renommez l'un des deux fichiers : la fiche d'un rôle porte le nom de son fichier
print-placeholder-address = l'adresse du guide, { $url }, est une adresse d'exemple ({ $host }) : imprimés, les liens des fiches et leur source ne mèneraient nulle part
print-placeholder-address-help = indiquez l'adresse où le guide est publié en ligne : `base_url: https://…/` dans praxis.yaml, ou pour cette impression seulement `praxis print --base-url https://…/`

## Thème et gabarits (src/theme.rs, src/render.rs)

theme-no-strings = le thème n'a pas de { $file } : ses mots s'affichent en français
theme-no-strings-help = traduisez le { $built_in } intégré dans { $file }
strings-not-utf8 = le fichier de mots n'est pas du texte UTF-8
theme-missing = thème `{ $name }` introuvable dans themes/
theme-missing-help = créez themes/<nom>/ ou retirez `theme:` pour garder le thème intégré
theme-unreadable = lecture du thème impossible : { $cause }
template-not-utf8 = le gabarit n'est pas du texte UTF-8
template-error = erreur de gabarit : { $detail }
template-without = { $template } doit montrer son contenu avec `{ $shows }`
template-error-help = corrigez le gabarit (syntaxe Tera : https://keats.github.io/tera/docs/)
while-rendering = { $message } (en construisant { $page }{ $others ->
    [0] {""}
    [one] {" "}et { $others } autre page
   *[other] {" "}et { $others } autres pages
  })

## Écriture du site (src/pipeline.rs)

path-reserved = `{ $path }` est l'endroit où praxis écrit ses propres fichiers (fiches des rôles, guide à imprimer, fichiers du thème, index de recherche, plan du site, page 404, application hors ligne, nouveautés, bibliographie)
path-reserved-help = renommez ou déplacez ce fichier ; `fiches/`, `imprimer/`, `static/`, `nouveautes/`, `bibliographie/`, `search-index.js`, `sitemap.xml`, `feed.xml`, `404.html`, `sw.js`, `precache.json` et `manifest.webmanifest` sont réservés

## Ligne de commande : ce que chaque commande a fait (src/main.rs)

built = construit : { $pages } pages dans { $folder } en { $ms } ms ({ $summary })
build-failed = échec de la construction : { $summary } ; le site déjà construit n'a pas changé
checked = vérifié : { $summary }
epub-written = { $file } écrit ({ $summary })
epub-failed = aucun livre numérique écrit : { $summary }
printed = { $pdfs ->
    [one] { $pdfs } PDF imprimé
   *[other] { $pdfs } PDF imprimés
  } dans { $folder } en { $ms } ms ({ $summary })
print-failed = échec de l'impression : { $summary } ; aucun PDF écrit
print-refused = échec de l'impression : aucun PDF écrit
pages = { $pages }
pages-of = { $rendered } sur { $pages }
serve-built = construit : { $count } pages en { $ms } ms ({ $summary })
serve-rebuilt = reconstruit : { $count } pages en { $ms } ms après { $more ->
    [0] une modification de { $file }
   *[other] des modifications de { $file } et { $more ->
        [one] { $more } autre fichier
       *[other] { $more } autres fichiers
    }
  } ({ $summary })
serve-failed-first = échec de la construction en { $ms } ms : { $summary } ; une page d'erreur est servie jusqu'à la correction
serve-failed-partial = échec de la construction en { $ms } ms : { $summary } ; { $count } pages reconstruites, les pages en erreur montrent leur dernière version correcte
serve-failed = échec de la construction en { $ms } ms : { $summary } ; le dernier site correct reste servi
serving = aperçu de { $title } sur { $url } (Ctrl+C pour arrêter)
watch-stopped = avertissement : la surveillance des fichiers s'est arrêtée ; relancez `praxis serve` pour voir les modifications

## Ligne de commande : erreurs (src/main.rs, src/scaffold.rs, src/output.rs, src/print.rs)

cli-command-unknown = commande inconnue `{ $command }` : les commandes sont build, check, serve, new, init, epub et print
cli-command-did-you-mean = commande inconnue `{ $command }` ; vouliez-vous dire `{ $near }` ?
cli-option-unknown = option inconnue { $option }
cli-option-did-you-mean = option inconnue { $option } ; vouliez-vous dire { $near } ?
cli-missing = il manque { $what }
cli-invalid-value = `{ $value }` n'est pas une valeur possible de { $option }
cli-conflict = { $option } ne va pas avec { $other } : donnez l'un ou l'autre
cli-values = { $option } n'a pas le bon nombre de valeurs
cli-with-help = { $message }
      aide : `{ $command } --help` donne les options (en anglais)
root-missing = --root { $root } : ce dossier n'existe pas
today-invalid = --today { $value } : ce n'est pas une date ; écrivez-la en année-mois-jour, par exemple --today 2026-03-12
cannot-create = impossible de créer { $folder }
cannot-create-temporary = impossible de créer un dossier temporaire
cannot-write-file = impossible d'écrire { $file }
cannot-read-file = impossible de lire { $file }
cannot-print = impossible d'imprimer { $file } : { $cause }
new-kind-unknown = type inconnu `{ $kind }` : écrivez role, term, example ou page
new-no-content = { $root } n'a pas de dossier content/ : donnez --root DOSSIER, ou créez un guide avec `praxis init DOSSIER`
new-exists = { $file } existe déjà : choisissez un autre nom
new-name-invalid = nom invalide `{ $name }` : écrivez un titre en mots, par exemple `praxis new term "fil de discussion"`, ou un nom de fichier comme `animateur` ou `organisation/animateur`
new-created = { $file } créé, titré « { $title } »
new-created-from-slug = { $file } créé, titré « { $title } »
      le titre reprend les mots du nom de fichier : pour lui rendre ses accents, modifiez `title:` dans le fichier, ou lancez `praxis new { $kind } "Titre en clair"`
init-exists = { $dir } contient déjà un guide (praxis.yaml ou content/) : choisissez un dossier vide
init-created = guide créé dans { $dir } : lancez `praxis serve --root { $dir }` pour le voir
output-inside-guide = --output { $output } : le remplacer détruirait les fichiers du guide ; choisissez un dossier hors de content/ et de themes/, par exemple { $public }
output-foreign = --output { $output } : ce dossier n'est pas vide et n'a pas été construit par praxis ; il serait remplacé en entier — supprimez-le ou choisissez un autre dossier
role-argument-no-roles = --role { $role } : ce rôle n'existe pas (le guide n'a aucun rôle)
role-argument-unknown = --role { $role } : ce rôle n'existe pas ; les rôles sont : { $roles }
role-argument-did-you-mean = --role { $role } : ce rôle n'existe pas ; vouliez-vous dire { $near } ?
chromium-not-executable = praxis print a besoin de Chromium, et PRAXIS_CHROMIUM={ $path } n'est pas un fichier exécutable
      aide : installez-le avec `apt-get install chromium`, ou donnez dans PRAXIS_CHROMIUM le chemin du navigateur
chromium-missing = praxis print a besoin de Chromium pour imprimer les PDF, et aucun de { $browsers } n'est dans le PATH
      aide : installez-le avec `apt-get install chromium`, ou donnez dans PRAXIS_CHROMIUM le chemin du navigateur

## Fichiers et dossiers que le système refuse (src/messages.rs, src/output.rs, src/print.rs)

error-because = { $what } : { $cause }
io-not-found = ce fichier ou dossier n'existe pas
io-permission-denied = permission refusée : praxis n'a pas le droit d'y lire ou d'y écrire ; demandez ce droit, ou choisissez un autre dossier
io-already-exists = un fichier de ce nom existe déjà
io-is-a-folder = c'est un dossier, là où un fichier est attendu
io-not-a-folder = une partie du chemin est un fichier, là où un dossier est attendu
io-folder-not-empty = le dossier n'est pas vide
io-storage-full = le disque est plein : libérez de la place, puis recommencez
io-read-only = ce disque est en lecture seule : choisissez un dossier où l'on peut écrire
io-file-too-large = le fichier est trop grand pour ce disque
io-name-invalid = ce nom de fichier est trop long, ou interdit sur ce disque
io-not-utf8 = ce n'est pas du texte UTF-8 : enregistrez le fichier en UTF-8
io-busy = le fichier est occupé par un autre programme : fermez-le, puis recommencez
io-timed-out = le système n'a pas répondu à temps : recommencez
io-out-of-memory = la mémoire de l'ordinateur ne suffit pas
io-crosses-devices = les deux dossiers sont sur des disques différents
io-other = le système répond (en anglais) : « { $text } »
library-says = { $library } répond (en anglais) : « { $text } »
output-folder-invalid = { $folder } ne peut pas être un dossier de sortie : donnez un nom de dossier
output-not-a-folder = { $folder } existe et n'est pas un dossier : choisissez un autre --output
cannot-copy = impossible de copier { $from } vers { $file }
cannot-move-in = impossible de mettre le nouveau site à la place de { $folder }
cannot-move-aside = impossible de mettre { $folder } de côté
cannot-keep = impossible de garder { $folder }
cannot-remove = impossible de supprimer { $file }
cannot-make-epub = impossible de faire le livre numérique : { $cause }
cannot-print-booklet = impossible d'imprimer le livret des fiches : { $cause }
print-no-places = { $browser } a écrit un PDF sans la place des fiches : sa version ne permet pas de les mesurer
chromium-cannot-run = impossible de lancer { $browser } : { $cause }
chromium-cannot-wait = impossible de suivre { $browser } : { $cause }
chromium-timed-out = { $browser } n'a pas fini en { $seconds } s et a été arrêté
chromium-no-pdf = { $browser } n'a pas écrit de PDF{ $log }
chromium-failed = { $browser } s'est arrêté en erreur ({ $status }){ $log }
chromium-log = {" "}; ses derniers messages (en anglais) :{ $lines }
exit-code = code de sortie { $code }
exit-signal = arrêté par le signal { $signal }
sheets-not-measured-no-browser = la longueur des fiches imprimées n'a pas été vérifiée : il faut Chromium pour les imprimer
      aide : installez-le (`apt-get install chromium`), ou indiquez-le avec PRAXIS_CHROMIUM=chemin
sheets-not-measured = la longueur des fiches imprimées n'a pas été vérifiée : { $cause }
      aide : pour un grand guide, donnez plus de temps au navigateur, par exemple PRAXIS_PRINT_TIMEOUT=300 (en secondes)

## Le bandeau d'erreurs de l'aperçu, dans le navigateur (src/serve.rs)

overlay-kept = La dernière modification ne se construit pas ({ $errors ->
    [one] { $errors } erreur
   *[other] { $errors } erreurs
  })
overlay-kept-under = Cette page est la dernière version correcte ; elle se recharge d'elle-même une fois le problème corrigé.
overlay-broken = Le guide ne se construit pas ({ $errors ->
    [one] { $errors } erreur
   *[other] { $errors } erreurs
  })
overlay-broken-under = Cette page se recharge d'elle-même une fois le problème corrigé.
overlay-close = Fermer
listen-in-use = impossible d'écouter sur { $addr } : l'adresse est déjà prise — donnez --port N
listen-denied = impossible d'écouter sur { $addr } : permission refusée — donnez --port N au-dessus de 1023
listen-unavailable = impossible d'écouter sur { $addr } : adresse absente de cette machine — donnez --bind ADRESSE
listen-failed = impossible d'écouter sur { $addr } : { $cause }
watch-failed = impossible de surveiller les fichiers du guide : { $cause }
root-unreadable = --root { $root } : { $cause }
pack-shared = ce dossier de réunion et { $other } auraient la même page { $sheet }
pack-shared-help = renommez le fichier du dossier : un dossier de réunion est imprimé à fiches/<nom de son fichier>/, à côté des fiches des rôles
print-what = { $what ->
    [role] rôle
   *[other] dossier de réunion
  }
print-argument-none = { $option } { $name } : ce { $what } n'existe pas (le guide n'en a aucun)
print-argument-unknown = { $option } { $name } : ce { $what } n'existe pas ; le guide a : { $known }
print-argument-did-you-mean = { $option } { $name } : ce { $what } n'existe pas ; vouliez-vous dire { $near } ?
sheet-too-long = la fiche de { $role } tient sur { $pages } pages
sheet-too-long-help = une fiche imprimée tient sur une page A4 : raccourcissez le texte du rôle ({ $words } mots), ses tâches ou ses exemples ; sur la fiche, { $terms ->
    [one] { $terms } terme défini
   *[other] { $terms } termes définis
  } et { $links ->
    [one] { $links } lien
   *[other] { $links } liens
  } prennent aussi de la place
terminal-note = remarque : { $note }
meeting-date-help = écrivez la date de la réunion en année-mois-jour, par exemple `date: 2026-03-12`
reference-wrong-kind = `{ $name }` dans `{ $field }` n'est pas de type { $kind } : { $file } est de type { $found }
reference-wrong-kind-help = ne citez dans `{ $field }` que des pages de type `kind: { $kind }`

## Aperçu (src/notices.rs) : les pages en erreur, les avertissements

notice-broken = À corriger :
notice-broken-after = (ces pages montrent leur dernière version correcte, sous leurs erreurs ; les autres sont à jour)
notice-warnings = { $count ->
    [one] { $count } avertissement
   *[other] { $count } avertissements
  }
notice-close = Fermer

## praxis check : les pages à relire (src/review.rs)

review-list-none = à relire au { $date } : aucune page
review-list = à relire au { $date } : { $late ->
    [one] { $late } page en retard
   *[other] { $late } pages en retard
  }, { $never ->
    [one] { $never } jamais relue
   *[other] { $never } jamais relues
  }
review-never = jamais relue
review-due = due le { $date }
review-last-by = (relue le { $date } par { $by })
review-last = (relue le { $date })
