"""BibTeX field text from LaTeX: accents, symbols and commands to Unicode, in one linear pass."""

from __future__ import annotations

import re
import unicodedata

# Accent commands and the combining mark each puts on its letter.
_ACCENTS = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331", "t": "\u0361",
}  # fmt: skip
# Commands that stand for a character or a word.
_SYMBOLS = {
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å",
    "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ",
    "TH": "Þ", "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ", "textendash": "–",
    "textemdash": "—", "textquoteright": "’", "textquoteleft": "‘", "textquotedblleft": "“",
    "textquotedblright": "”", "textregistered": "®", "texttrademark": "™", "copyright": "©",
    "textcopyright": "©", "pounds": "£", "textsterling": "£", "euro": "€", "texteuro": "€",
    "textdegree": "°", "degree": "°", "textmu": "µ", "textbullet": "•", "dag": "†",
    "ddag": "‡", "S": "§", "P": "¶", "dots": "…", "ldots": "…", "textellipsis": "…",
    "textbackslash": "\\", "textasciitilde": "~", "textunderscore": "_", "LaTeX": "LaTeX",
    "TeX": "TeX", "times": "×", "pm": "±", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥",
    "neq": "≠", "approx": "≈", "infty": "∞", "rightarrow": "→", "to": "→", "leftarrow": "←",
    "cdot": "·", "circ": "°", "prime": "′", "textperthousand": "‰", "textless": "<",
    "textgreater": ">", "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ",
    "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ", "eta": "η", "theta": "θ", "iota": "ι",
    "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ",
    "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ",
    "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ",
    "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "quad": " ", "qquad": " ", "newline": " ", "par": " ", "space": " ", "noindent": "",
    "relax": "", "protect": "", "textbar": "|", "slash": "/", "textslash": "/",
}  # fmt: skip
# One token of LaTeX: an accent and its letter ('\"{u}', "\'e", '\v{\i}'), a command, an
# escaped character, '$', '~', dashes, quotes, or a run of plain text (braces and all: they
# are taken out of the whole text at the end).
_TOKEN = re.compile(
    r"""\\(?P<accent>["'`^~=.]|[uvHckrdbt](?![A-Za-z]))\s*"""
    r"""(?:\{\s*(?P<braced>\\[ij](?![A-Za-z])|[A-Za-z])?\s*\}|(?P<letter>\\[ij](?![A-Za-z])|[A-Za-z]))"""
    r"|\\(?P<command>[A-Za-z]+)\*?\s?"
    r"|\\(?P<escaped>.)"
    r"|(?P<dash>---?)|(?P<quote>``|'')"
    r"|(?P<special>[$~])"
    r"|(?P<text>[^\\$~`'-]+|[`'-])",
    re.DOTALL,
)
_QUOTES = {"``": "“", "''": "”"}
# '\{' and '\}' are braces to keep: held as characters no field holds until braces go.
_HELD = {"{": "\x00", "}": "\x01"}
_DASHES = {"--": "–", "---": "—"}


def latex_to_text(value: str) -> str:
    """Plain text of a LaTeX field value, linear in its length: accents and symbols become
    Unicode, formatting commands ('\\emph', '\\textit') leave their text, braces and '$'
    go; a bare '&' or '%' stays what it is."""
    if "\\" not in value and "{" not in value and "$" not in value and "~" not in value:
        if "--" not in value and "``" not in value and "''" not in value:
            return value
    out: list[str] = []
    for match in _TOKEN.finditer(value):
        kind = match.lastgroup
        if kind == "text":
            out.append(match.group("text"))
        elif kind in ("braced", "letter", "accent"):
            out.append(_accented(match))
        elif kind == "command":
            out.append(_SYMBOLS.get(match.group("command"), ""))
        elif kind == "escaped":
            char = match.group("escaped")
            out.append(" " if char in "\n\r\t " else _HELD.get(char, char))
        elif kind == "dash":
            out.append(_DASHES[match.group("dash")])
        elif kind == "quote":
            out.append(_QUOTES[match.group("quote")])
        elif match.group("special") == "~":
            out.append(" ")
    text = "".join(out)
    if "{" in text or "}" in text:
        text = text.replace("{", "").replace("}", "")
    if "\x00" in text or "\x01" in text:
        text = text.replace("\x00", "{").replace("\x01", "}")
    return unicodedata.normalize("NFC", text) if not text.isascii() else text


def _accented(match: re.Match[str]) -> str:
    """A letter with its accent ('\\"{u}' -> 'ü'); an accent with no letter, the mark alone."""
    letter = match.group("braced") or match.group("letter") or ""
    if letter in ("\\i", "\\j"):
        letter = letter[1]  # a dotless i or j under an accent is written as the plain letter
    mark = _ACCENTS[match.group("accent")]
    return f"{letter}{mark}" if letter else mark.strip()


def unescape_verbatim(value: str) -> str:
    """A verbatim field (URL, DOI): LaTeX escapes such as '\\_' or '\\%' undone, braces gone."""
    if "\\" in value:
        value = re.sub(r"\\([_%&#$~{}])", r"\1", value)
    return value.replace("{", "").replace("}", "") if "{" in value or "}" in value else value
