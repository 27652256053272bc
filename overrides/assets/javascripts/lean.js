/* The lean shell's copy of Material's two inline scripts (overrides/lean.html, issue 14: ~1 KB of every case,
   region and term page). Loaded where Material's palette script stands, right after the palette form, and
   run before the rest of the page is parsed, as they were.
   1. partials/javascripts/base.html: __md_scope (the site's root, where Material keeps the reader's settings
      in localStorage) and its helpers; Material writes the scope relative to the page, here it is two
      folders up from this file (assets/javascripts/), the same address.
   2. partials/javascripts/palette.html: apply the colour scheme the reader picked, before the page paints.
   Both bodies are Material 9.8.1's, verbatim (tests/unit/test_site_size.py compares them). */
__md_scope=new URL("../..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media='(prefers-color-scheme: light)']":"[data-md-color-media='(prefers-color-scheme: dark)']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}
