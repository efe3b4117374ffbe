# Debian packages the tests need beyond Python: installed when missing, so a fresh machine (and CI) needs
# nothing done by hand. Usage: source bin/_system.sh; ensure_debian_packages NAME...
ensure_debian_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "error: these Debian packages are needed: ${missing[*]}" >&2
        echo "       Install them (sudo apt-get install ${missing[*]}) and run this again." >&2
        exit 1
    fi
    echo "Installing Debian packages: ${missing[*]}" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
