# benches/c/notes.sh — sourced by syscalls.sh and instructions.sh: the notes
# printed under their tables. NOTES is an array of what went wrong while
# measuring; BUILD_NOTES the text run.sh printed while building the programs.
print_notes() {
  if [ ${#NOTES[@]} -gt 0 ] || [ -n "$BUILD_NOTES" ]; then
    echo
    echo "Notes:"
    [ ${#NOTES[@]} -eq 0 ] || for n in "${NOTES[@]}"; do echo "- $n"; done
    [ -z "$BUILD_NOTES" ] || echo "$BUILD_NOTES"
  fi
}
