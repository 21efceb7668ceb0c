#!/usr/bin/zsh -f
# Completes one command line in a real interactive zsh (under zsh/zpty) with compinit and
# the completion script loaded, and prints each match compadd was given, one per line.
# Usage: zsh -f zsh-capture.zsh SCRIPT 'triage run --f' [DUMP]
# With DUMP, compinit reads the function table from that dump file (written once by
# `compinit -d DUMP` in the same zsh) instead of scanning $fpath again: most of a capture's
# time. Without it, compinit scans and keeps no dump.
zmodload zsh/zpty || exit 2
local script=$1 line=$2 dump=$3 setup=${TMPDIR:-/tmp}/triage-zsh-capture.$$.zsh
local init='compinit -u -D'
[[ -n $dump ]] && init="compinit -u -C -d ${(q)dump}"
cat > $setup <<SETUP
PROMPT=
autoload -U compinit && $init
zstyle ':completion:*' insert-tab false
bindkey '^I' complete-word
__capture_mark() { print -rn -- \$'\\n<<<capture>>>\\n' }
compprefuncs=( __capture_mark )
comppostfuncs=( __capture_mark exit )
# Every match that would be offered, printed instead of inserted: -A collects what matches
# the word being completed. Calls that only filter (-O, -A, -D) pass through.
compadd() {
  if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd "\$@"; return \$?; fi
  local -a __hits
  builtin compadd -A __hits "\$@"
  (( \$#__hits )) && print -rl -- \$__hits
  return 0
}
source ${(q)script}
print ready
SETUP
zpty capture zsh -f -i
zpty -w capture "source ${(q)setup}"
local out
repeat 200; do
  zpty -r -t capture out 2>/dev/null && [[ $out == ready* ]] && break
  sleep 0.05
done
zpty -w -n capture "$line"$'\t'
local inside=0 chunk
while zpty -r capture chunk; do
  chunk=${chunk//$'\r'/}
  if [[ $chunk == '<<<capture>>>'* ]]; then
    (( inside++ )) && break
    continue
  fi
  (( inside )) && print -rn -- $chunk
done
zpty -d capture
rm -f $setup
