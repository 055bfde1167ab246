/* praxis default theme: see style.css */
