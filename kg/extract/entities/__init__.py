"""Stage 4a: entity mentions by rules, one component per rule family.

Candidates come from general rules over one jieba tokenisation of the document; each family is a
component with its own rule section (a section of kg/rules/entities.yaml) and adds `Cand`s to `Doc.cands`, in the
order of kg/rules/meta.yaml `pipeline.document`:

  lexicon (scan.py: shared words, the token index) → gazetteer (regions) → titles (policies.py) →
  organisations (heads.py) → companies → projects (heads.py) → policies → short_names (companies.py) →
  lists → project_companies, company_subjects (companies.py) → media → industries →
  joint_subjects (companies.py) → persons → propagate → overlap (candidates → `Doc.mentions`).

What one family hands the next goes through Doc fields (`index`, `cands`, `regions_at`, `blocked`);
compiled rules a family reads from another come from that peer (`needs`), merged into one view.
"""
from .cand import Cand, Tokens
from .companies import Companies, CompanySubjects, JointSubjects, ProjectCompanies, ShortNames
from .gazetteer import Gazetteer
from .heads import Organisations, Projects
from .industries import Industries
from .lists import Lists
from .media import Media
from .overlap import Overlap
from .persons import Persons
from .policies import Policies, Titles
from .propagate import Propagate
from .scan import Lexicon, lexicon_words

# every entity family's component class, in the order the bundled pack runs them
FAMILIES = (Lexicon, Gazetteer, Titles, Organisations, Companies, Projects, Policies, ShortNames, Lists,
            ProjectCompanies, CompanySubjects, Media, Industries, JointSubjects, Persons, Propagate, Overlap)

__all__ = ("Cand", "Tokens", "FAMILIES", "lexicon_words", *(c.__name__ for c in FAMILIES))
