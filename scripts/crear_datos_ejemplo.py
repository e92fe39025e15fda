"""Crea los tres conjuntos de datos de ejemplo de afinar, siempre byte a byte iguales.

Escribe en ``src/afinar/recursos/datos/`` (o en la carpeta que indiques):

- ``recetas.jsonl``: conversaciones en formato chat en las que el asistente responde
  siempre con una receta (título, ``Ingredientes:`` y ``Pasos:``). La usa ``afinar demo``.
- ``textos.txt``: prosa en español para preentrenamiento continuado (el cuaderno de campo
  de un pueblo inventado, Valdeluna del Río), un párrafo por bloque.
- ``opiniones.csv``: opiniones de clientes guardadas como llegan los archivos reales
  (Windows-1252, separador ``;``, filas duplicadas y vacías, datos personales inventados).

Todo el texto está escrito a mano en este archivo; la única parte combinatoria son los
datos personales falsos del CSV, con dígitos de control correctos calculados aquí mismo,
y el emparejamiento de recetas con formas de preguntar, con una semilla fija.

Ejemplos::

    python scripts/crear_datos_ejemplo.py
    python scripts/crear_datos_ejemplo.py --salida /tmp/datos_prueba
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

SEMILLA = 20240611
CARPETA_POR_DEFECTO = Path(__file__).resolve().parents[1] / "src" / "afinar" / "recursos" / "datos"

# ---------------------------------------------------------------------------
# (a) recetas.jsonl
# ---------------------------------------------------------------------------
# Cada bloque: una línea «Título | cómo se nombra con artículo | lo que hay en la nevera»,
# los ingredientes (líneas «- ») y los pasos (líneas «1. »).

RECETAS = """
Tortilla de patatas | una tortilla de patatas | patatas, huevos y una cebolla
- 4 patatas medianas
- 5 huevos
- 1 cebolla
- Aceite de oliva y sal
1. Pela las patatas y la cebolla y córtalas en láminas finas.
2. Fríelas a fuego medio en abundante aceite hasta que estén tiernas, unos 20 minutos.
3. Escúrrelas y mézclalas con los huevos batidos y una pizca de sal.
4. Cuaja la mezcla en una sartén pequeña, dale la vuelta con un plato y termina el otro lado.

Gazpacho andaluz | un gazpacho andaluz | tomates maduros, un pepino y un pimiento verde
- 1 kg de tomates maduros
- 1 pimiento verde
- 1 pepino
- 1 diente de ajo
- 50 ml de aceite de oliva
- Vinagre y sal
1. Lava las verduras y trocéalas; pela el pepino y el ajo.
2. Tritura todo con el aceite, un chorrito de vinagre y sal hasta que quede muy fino.
3. Pásalo por un colador si lo quieres más suave.
4. Enfríalo en la nevera al menos una hora y sírvelo bien frío.

Salmorejo cordobés | un salmorejo | tomates, pan del día anterior y huevos
- 1 kg de tomates
- 200 g de pan del día anterior
- 1 diente de ajo
- 100 ml de aceite de oliva
- 2 huevos cocidos
- Sal
1. Tritura los tomates con el ajo y cuela el puré.
2. Añade el pan troceado y déjalo empapar diez minutos.
3. Vuelve a triturar mientras echas el aceite en hilo hasta que espese.
4. Sala al gusto y sirve frío con huevo cocido picado por encima.

Lentejas estofadas | unas lentejas estofadas | lentejas, una zanahoria y una patata
- 300 g de lentejas pardinas
- 1 zanahoria
- 1 patata
- 1 cebolla
- 1 cucharadita de pimentón
- Aceite, laurel y sal
1. Sofríe la cebolla picada en un poco de aceite.
2. Añade la zanahoria y la patata en dados y el pimentón, sin que se queme.
3. Incorpora las lentejas lavadas, el laurel y agua hasta cubrir de sobra.
4. Cuece a fuego suave unos 40 minutos y ajusta de sal al final.

Paella de verduras | una paella de verduras | arroz, judías verdes y un pimiento rojo
- 300 g de arroz redondo
- 150 g de judías verdes
- 1 pimiento rojo
- 1 tomate rallado
- 900 ml de caldo de verduras
- Azafrán, aceite y sal
1. Sofríe en la paellera las judías y el pimiento en tiras.
2. Añade el tomate rallado y deja que se reduzca.
3. Echa el arroz, remueve un minuto y vierte el caldo caliente con el azafrán.
4. Cuece 18 minutos sin remover y deja reposar cinco minutos tapada con un paño.

Arroz con leche | un arroz con leche | arroz, leche y un limón
- 100 g de arroz redondo
- 1 litro de leche
- 80 g de azúcar
- 1 rama de canela
- La piel de un limón
1. Calienta la leche con la canela y la piel de limón.
2. Cuando hierva, añade el arroz y baja el fuego.
3. Remueve a menudo durante 40 minutos para que no se pegue.
4. Agrega el azúcar, cuece cinco minutos más y sírvelo con canela molida.

Crema de calabaza | una crema de calabaza | calabaza, una cebolla y una patata
- 600 g de calabaza
- 1 cebolla
- 1 patata
- 700 ml de caldo de verduras
- Aceite de oliva, sal y pimienta
1. Pela y trocea la calabaza, la cebolla y la patata.
2. Rehoga la cebolla en una olla con un chorro de aceite.
3. Añade el resto de verduras y el caldo y cuece 25 minutos.
4. Tritura hasta que quede fina y salpimienta al gusto.

Pisto manchego | un pisto | un calabacín, pimientos y tomates
- 1 calabacín
- 1 pimiento rojo
- 1 pimiento verde
- 1 cebolla
- 400 g de tomate triturado
- Aceite de oliva y sal
1. Pica todas las verduras en dados pequeños.
2. Pocha la cebolla y los pimientos a fuego lento durante diez minutos.
3. Añade el calabacín y cocina cinco minutos más.
4. Incorpora el tomate y deja que se haga 20 minutos, hasta que no quede líquido.

Garbanzos con espinacas | unos garbanzos con espinacas | garbanzos cocidos, espinacas y ajo
- 400 g de garbanzos cocidos
- 300 g de espinacas frescas
- 2 dientes de ajo
- 1 rebanada de pan
- Comino, pimentón, aceite y sal
1. Fríe el ajo y el pan en aceite y májalos con el comino.
2. En la misma sartén, saltea las espinacas hasta que se ablanden.
3. Añade los garbanzos, el majado y una cucharadita de pimentón.
4. Moja con un poco de agua y deja que se integren diez minutos.

Croquetas de jamón | unas croquetas de jamón | jamón, leche y harina
- 100 g de jamón picado
- 500 ml de leche
- 60 g de harina
- 50 g de mantequilla
- Huevo y pan rallado para rebozar
1. Derrite la mantequilla, añade la harina y tuéstala dos minutos.
2. Vierte la leche poco a poco sin dejar de remover hasta tener una bechamel espesa.
3. Incorpora el jamón y deja enfriar la masa en la nevera varias horas.
4. Forma las croquetas, pásalas por huevo y pan rallado y fríelas en aceite caliente.

Ensalada de garbanzos | una ensalada de garbanzos | garbanzos cocidos, un tomate y un pepino
- 400 g de garbanzos cocidos
- 1 tomate
- 1/2 pepino
- 1/2 cebolla morada
- Aceite, vinagre, perejil y sal
1. Escurre y enjuaga los garbanzos.
2. Pica el tomate, el pepino y la cebolla en trozos pequeños.
3. Mézclalo todo en un bol con perejil picado.
4. Aliña con aceite, vinagre y sal justo antes de servir.

Huevos rotos con patatas | unos huevos rotos | patatas, huevos y jamón
- 3 patatas grandes
- 4 huevos
- 80 g de jamón en tiras
- Aceite de oliva y sal gruesa
1. Corta las patatas en bastones y fríelas hasta que estén doradas.
2. Colócalas en una fuente con sal gruesa.
3. Fríe los huevos con la yema líquida y ponlos encima.
4. Añade el jamón y rompe los huevos con el tenedor al servir.

Pan con tomate | un pan con tomate | pan, tomates y aceite
- 4 rebanadas de pan de hogaza
- 2 tomates maduros
- 1 diente de ajo (opcional)
- Aceite de oliva virgen y sal
1. Tuesta las rebanadas de pan.
2. Si te gusta, frota el ajo sobre el pan caliente.
3. Parte los tomates por la mitad y restriégalos sobre el pan.
4. Termina con un buen chorro de aceite y una pizca de sal.

Sopa de ajo | una sopa de ajo | pan duro, ajos y huevos
- 4 dientes de ajo
- 150 g de pan duro
- 1 cucharada de pimentón
- 1 litro de caldo o agua
- 2 huevos
- Aceite y sal
1. Dora los ajos laminados en aceite.
2. Añade el pan en rebanadas finas y tuéstalo un poco.
3. Retira del fuego, echa el pimentón y vierte el caldo enseguida.
4. Cuece diez minutos, añade los huevos batidos en hilo y sirve.

Fabada sencilla | una fabada | alubias blancas, chorizo y morcilla
- 400 g de fabes o alubias blancas
- 1 chorizo
- 1 morcilla
- 100 g de panceta
- Azafrán y sal
1. Deja las alubias en remojo la noche anterior.
2. Ponlas en una olla con agua fría, el chorizo, la morcilla y la panceta.
3. Cuece a fuego muy suave unas dos horas, "asustando" con agua fría cuando hierva.
4. Añade el azafrán y la sal al final y deja reposar antes de servir.

Merluza en salsa verde | una merluza en salsa verde | merluza, ajo y perejil
- 4 rodajas de merluza
- 3 dientes de ajo
- 1 cucharada de harina
- 150 ml de caldo de pescado
- Perejil fresco, aceite y sal
1. Dora el ajo picado en una cazuela con aceite.
2. Añade la harina, remueve y vierte el caldo poco a poco.
3. Coloca la merluza salada y mueve la cazuela para que ligue la salsa.
4. Cocina cinco minutos, da la vuelta al pescado y termina con perejil picado.

Pollo al ajillo | un pollo al ajillo | pollo, ajos y vino blanco
- 1 pollo troceado
- 8 dientes de ajo
- 100 ml de vino blanco
- Tomillo, aceite de oliva y sal
1. Salpimienta el pollo y dóralo en aceite por todos los lados.
2. Añade los ajos enteros sin pelar y el tomillo.
3. Vierte el vino y deja que se evapore el alcohol.
4. Tapa y cocina a fuego suave 25 minutos, hasta que el pollo esté tierno.

Patatas a la riojana | unas patatas a la riojana | patatas, chorizo y un pimiento
- 1 kg de patatas
- 1 chorizo
- 1 pimiento verde
- 1 cebolla
- 1 cucharadita de pimentón
- Aceite y sal
1. Sofríe la cebolla y el pimiento picados.
2. Añade el chorizo en rodajas y el pimentón.
3. Echa las patatas "chascadas" en trozos irregulares y cubre con agua.
4. Cuece 30 minutos hasta que el caldo espese y rectifica de sal.

Torrijas | unas torrijas | pan del día anterior, leche y huevos
- 1 barra de pan del día anterior
- 500 ml de leche
- 2 huevos
- 1 rama de canela
- Azúcar y aceite para freír
1. Calienta la leche con la canela y 3 cucharadas de azúcar; deja templar.
2. Corta el pan en rebanadas gruesas y empápalas en la leche.
3. Pásalas por huevo batido y fríelas hasta que estén doradas.
4. Rebózalas en azúcar con canela y sírvelas templadas.

Flan de huevo | un flan de huevo | huevos, leche y azúcar
- 4 huevos
- 500 ml de leche
- 100 g de azúcar
- Azúcar para el caramelo
1. Prepara un caramelo con azúcar y cubre el fondo del molde.
2. Bate los huevos con el azúcar y añade la leche.
3. Vierte la mezcla en el molde y hornea al baño maría a 170 °C unos 45 minutos.
4. Deja enfriar, guárdalo en la nevera y desmolda al servir.

Natillas caseras | unas natillas | leche, yemas de huevo y canela
- 500 ml de leche
- 4 yemas de huevo
- 80 g de azúcar
- 1 cucharada de maicena
- Canela y galletas
1. Calienta la leche con un trozo de canela.
2. Bate las yemas con el azúcar y la maicena.
3. Mezcla con la leche y cuece a fuego bajo, sin dejar de remover, hasta que espese.
4. Reparte en cuencos, pon una galleta encima y enfría en la nevera.

Guacamole | un guacamole | aguacates, un limón y un tomate
- 2 aguacates maduros
- 1/2 cebolla blanca
- 1 tomate
- El zumo de 1 lima o limón
- Cilantro, chile y sal
1. Machaca la pulpa de los aguacates con un tenedor.
2. Pica muy fino la cebolla, el tomate, el cilantro y el chile.
3. Mézclalo todo con el zumo de lima y la sal.
4. Sírvelo enseguida con totopos para que no se oscurezca.

Tacos de frijoles | unos tacos de frijoles | tortillas de maíz, frijoles y queso
- 8 tortillas de maíz
- 400 g de frijoles cocidos
- 100 g de queso fresco
- 1 aguacate
- Salsa, cebolla y cilantro
1. Calienta los frijoles en una sartén y aplástalos un poco.
2. Calienta las tortillas en un comal por ambos lados.
3. Rellena cada tortilla con frijoles, queso desmenuzado y aguacate.
4. Termina con cebolla, cilantro y la salsa que prefieras.

Chilaquiles verdes | unos chilaquiles verdes | tortillas de maíz, tomates verdes y queso
- 8 tortillas de maíz del día anterior
- 500 g de tomates verdes
- 1 chile serrano
- 1/2 cebolla
- Crema, queso fresco y aceite
1. Corta las tortillas en triángulos y fríelas hasta que estén crujientes.
2. Cuece los tomates con el chile y la cebolla y tritúralos.
3. Calienta la salsa en una sartén y añade los totopos.
4. Mezcla un minuto y sirve con crema y queso desmenuzado.

Arepas rellenas de queso | unas arepas de queso | harina de maíz precocida y queso
- 2 tazas de harina de maíz precocida
- 2 tazas y media de agua tibia
- 200 g de queso blanco
- Sal
1. Mezcla el agua con la sal y añade la harina poco a poco.
2. Amasa hasta que no se pegue y deja reposar cinco minutos.
3. Forma bolas, aplánalas y ásalas en un budare o sartén 6 minutos por lado.
4. Ábrelas con un cuchillo y rellénalas con el queso rallado.

Empanadas de carne | unas empanadas de carne | carne picada, cebolla y tapas de empanada
- 12 tapas de empanada
- 400 g de carne picada
- 2 cebollas
- 2 huevos duros
- Comino, pimentón y sal
1. Rehoga la cebolla, añade la carne y cocina hasta que pierda el color.
2. Condimenta con comino, pimentón y sal y deja enfriar.
3. Pon relleno y huevo picado en cada tapa y ciérrala con un repulgue.
4. Hornea a 200 °C unos 20 minutos, hasta que estén doradas.

Ceviche de pescado | un ceviche | pescado blanco, limones y una cebolla morada
- 500 g de pescado blanco muy fresco
- El zumo de 8 limones
- 1 cebolla morada
- 1 ají o chile
- Cilantro y sal
1. Corta el pescado en dados de un centímetro.
2. Sálalo y cúbrelo con el zumo de limón recién exprimido.
3. Añade la cebolla en pluma fina, el ají picado y el cilantro.
4. Deja reposar 10 minutos en frío y sirve enseguida.

Causa limeña | una causa limeña | patatas amarillas, atún y aguacate
- 1 kg de papas amarillas
- 1 lata de atún
- 1 aguacate
- 3 cucharadas de mayonesa
- Ají amarillo, limón y sal
1. Cuece las papas, pélalas y haz un puré.
2. Sazónalo con ají amarillo, zumo de limón y sal.
3. Mezcla el atún con la mayonesa.
4. Monta capas de puré, atún y aguacate en un molde y enfría una hora.

Pastel de choclo | un pastel de choclo | maíz, carne picada y cebolla
- 6 choclos o 600 g de maíz dulce
- 400 g de carne picada
- 2 cebollas
- 1 taza de leche
- Albahaca, aceitunas, azúcar y sal
1. Tritura el maíz con la leche y la albahaca y cuécelo hasta que espese.
2. Prepara un pino con la cebolla y la carne bien sazonadas.
3. Pon la carne en una fuente, unas aceitunas y cubre con la pasta de maíz.
4. Espolvorea azúcar y gratina a 200 °C hasta que se dore.

Sopaipillas | unas sopaipillas | harina, zapallo y manteca
- 500 g de harina
- 250 g de zapallo cocido
- 60 g de manteca derretida
- 1 cucharadita de polvo de hornear
- Sal y aceite para freír
1. Haz un puré con el zapallo y mézclalo con la manteca y la sal.
2. Añade la harina y el polvo de hornear y amasa hasta tener una masa suave.
3. Estírala, corta círculos y pínchalos con un tenedor.
4. Fríelos en aceite caliente hasta que se inflen y estén dorados.

Pico de gallo | un pico de gallo | tomates, cebolla y cilantro
- 3 tomates
- 1/2 cebolla blanca
- 1 chile serrano
- 1 lima
- Cilantro y sal
1. Pica los tomates en dados pequeños quitando parte de las semillas.
2. Pica muy fina la cebolla, el chile y el cilantro.
3. Mézclalo todo con el zumo de la lima.
4. Sala al gusto y deja reposar diez minutos antes de servir.

Frijoles refritos | unos frijoles refritos | frijoles cocidos, cebolla y manteca
- 500 g de frijoles cocidos con su caldo
- 1/2 cebolla
- 2 cucharadas de manteca o aceite
- Sal
1. Calienta la manteca y fríe la cebolla picada hasta que esté dorada.
2. Añade los frijoles con un poco de su caldo.
3. Aplástalos con un machacador mientras se cocinan.
4. Remueve hasta que queden espesos y se despeguen de la sartén.

Arroz a la mexicana | un arroz a la mexicana | arroz, tomates y un ajo
- 1 taza de arroz
- 2 tomates
- 1/4 de cebolla
- 1 diente de ajo
- 2 tazas de caldo de pollo
- Aceite y sal
1. Tritura los tomates con la cebolla y el ajo.
2. Fríe el arroz en aceite hasta que se vea transparente.
3. Añade el tomate triturado y deja que se reduzca un par de minutos.
4. Vierte el caldo, tapa y cuece a fuego bajo 20 minutos.

Quesadillas de champiñones | unas quesadillas de champiñones | champiñones, tortillas y queso
- 6 tortillas de maíz o trigo
- 250 g de champiñones
- 150 g de queso para fundir
- 1 diente de ajo
- Epazote o perejil y sal
1. Saltea los champiñones laminados con el ajo picado.
2. Añade el epazote picado y una pizca de sal.
3. Pon queso y champiñones sobre media tortilla y dóblala.
4. Dora las quesadillas en un comal hasta que el queso se funda.

Chimichurri | un chimichurri | perejil, ajo y orégano
- 1 manojo de perejil
- 3 dientes de ajo
- 1 cucharada de orégano seco
- 1 cucharadita de ají molido
- 150 ml de aceite y 50 ml de vinagre
- Sal
1. Pica muy fino el perejil y el ajo.
2. Mézclalos en un frasco con el orégano y el ají.
3. Añade el aceite, el vinagre y sal.
4. Deja reposar al menos una hora para que tome sabor y sírvelo con carne asada.

Humitas | unas humitas | choclos, cebolla y albahaca
- 6 choclos con sus hojas
- 1 cebolla
- 10 hojas de albahaca
- 2 cucharadas de manteca
- Sal y pimienta
1. Desgrana los choclos y guarda las hojas más grandes.
2. Muele el maíz con la albahaca y mézclalo con la cebolla sofrita en manteca.
3. Rellena las hojas con la pasta, dóblalas y átalas.
4. Cuécelas en agua hirviendo con sal durante 40 minutos.

Alfajores de maicena | unos alfajores de maicena | maicena, mantequilla y dulce de leche
- 200 g de maicena
- 100 g de harina
- 150 g de mantequilla
- 100 g de azúcar
- 3 yemas de huevo
- Dulce de leche y coco rallado
1. Bate la mantequilla con el azúcar y añade las yemas.
2. Incorpora la maicena y la harina hasta formar una masa.
3. Estírala, corta círculos y hornéalos a 170 °C unos 10 minutos, sin que se doren.
4. Une las tapas de dos en dos con dulce de leche y pasa el borde por coco.

Gallo pinto | un gallo pinto | arroz cocido, frijoles negros y cebolla
- 2 tazas de arroz cocido
- 2 tazas de frijoles negros cocidos
- 1/2 cebolla
- 1/2 pimiento
- Cilantro, salsa inglesa y aceite
1. Sofríe la cebolla y el pimiento picados.
2. Añade los frijoles con un poco de su caldo.
3. Incorpora el arroz y mezcla hasta que tome color.
4. Añade un chorrito de salsa y el cilantro picado y sirve con huevo frito.

Patacones | unos patacones | plátanos verdes y aceite
- 2 plátanos verdes
- Aceite para freír
- Sal
1. Pela los plátanos y córtalos en trozos de tres centímetros.
2. Fríelos a fuego medio cinco minutos, sin que se doren del todo.
3. Aplástalos entre dos papeles o con el fondo de un vaso.
4. Vuelve a freírlos hasta que estén crujientes y sálalos al momento.

Sancocho de pollo | un sancocho | pollo, yuca y mazorcas
- 1 pollo troceado
- 500 g de yuca
- 2 mazorcas
- 1 plátano verde
- 1 cebolla larga
- Cilantro y sal
1. Cuece el pollo con la cebolla en agua con sal 20 minutos.
2. Añade el plátano y las mazorcas en trozos.
3. Agrega la yuca pelada y cocina hasta que esté tierna.
4. Sirve caliente con cilantro picado y arroz blanco aparte.

Ajiaco | un ajiaco | pollo, papas y mazorcas
- 2 pechugas de pollo
- 1 kg de papas variadas
- 2 mazorcas
- 1 manojo de guascas
- Crema de leche y alcaparras
1. Cuece las pechugas en agua con sal y desmenúzalas.
2. Añade al caldo las papas en rodajas y las mazorcas en trozos.
3. Cocina hasta que las papas más blandas se deshagan y espesen la sopa.
4. Agrega las guascas y el pollo y sirve con crema y alcaparras.

Crema de calabacín | una crema de calabacín | calabacines, un puerro y queso
- 3 calabacines
- 1 puerro
- 1 patata pequeña
- 2 quesitos
- Caldo de verduras, aceite y sal
1. Rehoga el puerro en aceite.
2. Añade el calabacín y la patata troceados.
3. Cubre justo con caldo y cuece 20 minutos.
4. Tritura con los quesitos hasta que quede cremosa.

Espinacas a la catalana | unas espinacas a la catalana | espinacas, pasas y piñones
- 500 g de espinacas
- 30 g de pasas
- 30 g de piñones
- 1 diente de ajo
- Aceite y sal
1. Hidrata las pasas en agua templada.
2. Tuesta los piñones en una sartén con un poco de aceite.
3. Añade el ajo y las espinacas y saltéalas hasta que se reduzcan.
4. Incorpora las pasas escurridas y sala al gusto.

Escalivada | una escalivada | berenjenas, pimientos rojos y cebollas
- 2 berenjenas
- 2 pimientos rojos
- 2 cebollas
- Aceite de oliva y sal
1. Asa las verduras enteras en el horno a 200 °C durante una hora.
2. Déjalas templar tapadas para que suden.
3. Pélalas y córtalas en tiras.
4. Alíñalas con aceite y sal y sírvelas templadas o frías.

Calabacines rellenos | unos calabacines rellenos | calabacines, carne picada y tomate
- 2 calabacines
- 250 g de carne picada
- 1 cebolla
- 200 g de tomate frito
- Queso rallado
1. Parte los calabacines a lo largo y vacíalos con una cuchara.
2. Sofríe la cebolla con la pulpa picada y la carne.
3. Añade el tomate, rellena los calabacines y cubre con queso.
4. Hornea a 190 °C unos 25 minutos hasta que se gratinen.

Berenjenas gratinadas | unas berenjenas gratinadas | berenjenas, tomate y queso
- 2 berenjenas
- 300 g de tomate triturado
- 150 g de mozzarella
- Orégano, aceite y sal
1. Corta las berenjenas en rodajas, sálalas y déjalas sudar 15 minutos.
2. Sécalas y ásalas a la plancha por los dos lados.
3. Colócalas en una fuente alternando con el tomate y el orégano.
4. Cubre con la mozzarella y gratina hasta que se dore.

Ensalada mixta | una ensalada mixta | lechuga, tomate y atún
- 1 lechuga
- 2 tomates
- 1 lata de atún
- 2 huevos cocidos
- Aceitunas, cebolla, aceite y vinagre
1. Lava y corta la lechuga.
2. Añade los tomates en gajos y la cebolla en aros.
3. Reparte el atún, los huevos en cuartos y las aceitunas.
4. Aliña con aceite, vinagre y sal al momento de servir.

Ensaladilla rusa | una ensaladilla rusa | patatas, zanahorias y atún
- 4 patatas
- 2 zanahorias
- 100 g de guisantes
- 1 lata de atún
- 2 huevos cocidos
- Mayonesa
1. Cuece las patatas, las zanahorias y los guisantes y deja que se enfríen.
2. Corta las patatas y las zanahorias en dados pequeños.
3. Mézclalos con el atún, los guisantes y el huevo picado.
4. Liga con mayonesa y guarda en la nevera hasta servir.

Macarrones con tomate | unos macarrones con tomate | macarrones, tomate y chorizo
- 400 g de macarrones
- 400 g de tomate triturado
- 1 cebolla
- 100 g de chorizo
- Queso rallado
1. Cuece los macarrones en agua con sal y escúrrelos.
2. Sofríe la cebolla y el chorizo picados.
3. Añade el tomate y deja que se haga 15 minutos.
4. Mezcla con la pasta, cubre con queso y gratina unos minutos.

Espaguetis con ajo y guindilla | unos espaguetis con ajo y guindilla | espaguetis, ajo y guindilla
- 400 g de espaguetis
- 4 dientes de ajo
- 1 guindilla
- 60 ml de aceite de oliva
- Perejil y sal
1. Cuece la pasta en abundante agua con sal.
2. Mientras tanto, dora el ajo laminado y la guindilla en el aceite a fuego suave.
3. Escurre la pasta guardando un poco del agua de cocción.
4. Saltéala con el aceite y un chorrito de esa agua y termina con perejil.

Lasaña de verduras | una lasaña de verduras | placas de lasaña, calabacín y berenjena
- 12 placas de lasaña
- 1 calabacín
- 1 berenjena
- 1 pimiento rojo
- 500 ml de bechamel
- Tomate frito y queso rallado
1. Corta las verduras en dados y saltéalas hasta que estén tiernas.
2. Mézclalas con unas cucharadas de tomate.
3. Alterna en una fuente placas cocidas, verduras y bechamel.
4. Termina con bechamel y queso y hornea a 190 °C unos 30 minutos.

Risotto de setas | un risotto de setas | arroz, setas y queso parmesano
- 300 g de arroz arborio
- 300 g de setas variadas
- 1 cebolla
- 1 litro de caldo caliente
- 50 g de parmesano y mantequilla
1. Saltea las setas y resérvalas.
2. Pocha la cebolla, añade el arroz y nácaralo dos minutos.
3. Agrega el caldo cazo a cazo, removiendo, durante unos 18 minutos.
4. Incorpora las setas, la mantequilla y el queso y deja reposar un minuto.

Hummus | un hummus | garbanzos cocidos, tahini y limón
- 400 g de garbanzos cocidos
- 2 cucharadas de tahini
- El zumo de 1 limón
- 1 diente de ajo
- Aceite, comino y pimentón
1. Escurre los garbanzos y guarda un poco del líquido.
2. Tritúralos con el tahini, el limón, el ajo y el comino.
3. Añade líquido poco a poco hasta que quede una crema suave.
4. Sirve con un chorro de aceite y pimentón por encima.

Falafel al horno | unos falafel | garbanzos secos, cebolla y perejil
- 250 g de garbanzos secos en remojo
- 1/2 cebolla
- 2 dientes de ajo
- Perejil, cilantro y comino
- Sal y aceite
1. Escurre bien los garbanzos remojados, sin cocerlos.
2. Tritúralos con la cebolla, el ajo, las hierbas y las especias.
3. Forma bolitas algo aplastadas y úntalas con aceite.
4. Hornea a 200 °C unos 25 minutos, dándoles la vuelta a mitad.

Bizcocho de yogur | un bizcocho de yogur | yogur, huevos y harina
- 1 yogur natural
- 3 huevos
- 2 medidas de yogur de azúcar
- 3 medidas de yogur de harina
- 1 medida de aceite
- 1 sobre de levadura
1. Bate los huevos con el azúcar hasta que blanqueen.
2. Añade el yogur y el aceite y mezcla.
3. Incorpora la harina tamizada con la levadura.
4. Hornea en un molde engrasado a 180 °C unos 35 minutos.

Magdalenas | unas magdalenas | huevos, harina y un limón
- 3 huevos
- 150 g de azúcar
- 150 ml de aceite suave
- 200 g de harina
- 1 cucharadita de levadura
- Ralladura de limón
1. Bate los huevos con el azúcar y la ralladura.
2. Añade el aceite en hilo sin dejar de batir.
3. Incorpora la harina con la levadura y deja reposar la masa en la nevera una hora.
4. Llena los moldes hasta dos tercios, espolvorea azúcar y hornea a 200 °C 15 minutos.

Galletas de avena | unas galletas de avena | copos de avena, plátano y pasas
- 2 plátanos maduros
- 150 g de copos de avena
- 40 g de pasas
- Canela
1. Machaca los plátanos con un tenedor.
2. Mezcla con la avena, las pasas y una pizca de canela.
3. Forma montoncitos en una bandeja con papel y aplánalos.
4. Hornea a 180 °C unos 15 minutos, hasta que estén dorados.

Tarta de queso al horno | una tarta de queso | queso crema, huevos y nata
- 500 g de queso crema
- 3 huevos
- 200 ml de nata
- 150 g de azúcar
- 1 cucharada de harina
1. Mezcla el queso con el azúcar hasta que no queden grumos.
2. Añade los huevos de uno en uno y luego la nata y la harina.
3. Vierte en un molde forrado con papel de horno.
4. Hornea a 200 °C unos 40 minutos, deja enfriar y guarda en la nevera.

Compota de manzana | una compota de manzana | manzanas, azúcar y canela
- 4 manzanas
- 2 cucharadas de azúcar
- 1 rama de canela
- 100 ml de agua
- Zumo de medio limón
1. Pela las manzanas, quítales el corazón y trocéalas.
2. Ponlas en un cazo con el agua, el azúcar, la canela y el limón.
3. Cuece tapado a fuego suave 15 minutos.
4. Aplasta con un tenedor o tritura, según la textura que prefieras.

Manzanas asadas | unas manzanas asadas | manzanas, mantequilla y azúcar
- 4 manzanas reinetas
- 4 cucharaditas de mantequilla
- 4 cucharaditas de azúcar
- Un vaso de vino dulce o agua
1. Quita el corazón de las manzanas sin atravesarlas del todo.
2. Rellena el hueco con mantequilla y azúcar.
3. Colócalas en una fuente y riega con el vino.
4. Hornea a 180 °C unos 40 minutos, regándolas con su jugo de vez en cuando.

Batido de plátano | un batido de plátano | plátanos, leche y miel
- 2 plátanos maduros
- 400 ml de leche fría
- 1 cucharada de miel
- Canela
1. Pela los plátanos y trocéalos.
2. Ponlos en el vaso de la batidora con la leche y la miel.
3. Tritura hasta que quede espumoso.
4. Sirve enseguida con una pizca de canela por encima.

Batido verde | un batido verde | espinacas, una manzana y un plátano
- 1 puñado de espinacas
- 1 manzana verde
- 1 plátano
- 250 ml de agua o bebida de avena
- Zumo de medio limón
1. Lava las espinacas y trocea la fruta.
2. Pon todo en la batidora con el líquido.
3. Tritura un minuto, hasta que no queden trozos.
4. Añade el limón, prueba y sirve frío.

Crepes | unas crepes | harina, leche y huevos
- 125 g de harina
- 250 ml de leche
- 2 huevos
- 1 cucharada de mantequilla derretida
- Una pizca de sal
1. Bate todos los ingredientes hasta tener una masa líquida sin grumos.
2. Déjala reposar media hora en la nevera.
3. Calienta una sartén untada con mantequilla y vierte un cazo fino de masa.
4. Cuando se despegue, dale la vuelta y rellénala a tu gusto.

Tortitas esponjosas | unas tortitas | harina, leche y huevos
- 200 g de harina
- 250 ml de leche
- 1 huevo
- 1 cucharada de azúcar
- 2 cucharaditas de levadura
1. Mezcla la harina, el azúcar y la levadura.
2. Añade el huevo y la leche y bate lo justo para integrar.
3. Vierte cucharones de masa en una sartén untada a fuego medio.
4. Dales la vuelta cuando salgan burbujas y sírvelas con miel o fruta.

Gachas de avena | unas gachas de avena | copos de avena, leche y fruta
- 50 g de copos de avena
- 250 ml de leche o bebida vegetal
- 1 plátano o un puñado de fresas
- Canela y miel
1. Calienta la leche en un cazo con la canela.
2. Añade la avena y cuece a fuego bajo cinco minutos, removiendo.
3. Cuando espese, retira y deja reposar un minuto.
4. Sirve con la fruta cortada y un hilo de miel.

Huevos revueltos con champiñones | unos huevos revueltos con champiñones | huevos y champiñones
- 4 huevos
- 200 g de champiñones
- 1 diente de ajo
- Aceite, perejil y sal
1. Lamina los champiñones y saltéalos con el ajo picado.
2. Bate los huevos con una pizca de sal.
3. Baja el fuego y añade los huevos a la sartén.
4. Remueve despacio y retira cuando aún estén jugosos; termina con perejil.

Revuelto de espárragos trigueros | un revuelto de espárragos | espárragos trigueros y huevos
- 1 manojo de espárragos trigueros
- 4 huevos
- 1 diente de ajo
- Aceite y sal
1. Quita la parte dura de los espárragos y córtalos en trozos.
2. Saltéalos con el ajo en aceite hasta que estén tiernos.
3. Añade los huevos batidos con sal.
4. Cuaja a fuego bajo sin dejar de remover y sirve al momento.

Salteado de verduras con arroz | un salteado de verduras | arroz, zanahoria y brócoli
- 250 g de arroz cocido
- 1 zanahoria
- 1 brócoli pequeño
- 1 pimiento
- Salsa de soja, jengibre y aceite
1. Corta las verduras en trozos pequeños y parecidos.
2. Saltéalas a fuego fuerte, empezando por las más duras.
3. Añade el jengibre rallado y el arroz.
4. Riega con la salsa de soja y saltea dos minutos más.

Arroz frito con huevo | un arroz frito | arroz cocido, huevos y guisantes
- 300 g de arroz cocido del día anterior
- 2 huevos
- 100 g de guisantes
- 2 cebolletas
- Salsa de soja y aceite
1. Haz una tortilla fina con los huevos, córtala en tiras y resérvala.
2. Saltea la cebolleta y los guisantes en aceite caliente.
3. Añade el arroz frío y saltéalo a fuego fuerte.
4. Incorpora la tortilla y la soja, mezcla y sirve.

Pollo al horno con limón | un pollo al horno con limón | muslos de pollo, limones y patatas
- 6 muslos de pollo
- 2 limones
- 4 patatas
- 4 dientes de ajo
- Romero, aceite y sal
1. Corta las patatas en rodajas y ponlas en la bandeja del horno.
2. Coloca encima el pollo salpimentado, los ajos y el romero.
3. Exprime un limón por encima y reparte el otro en rodajas.
4. Hornea a 200 °C unos 50 minutos, hasta que la piel esté dorada.

Albóndigas en salsa | unas albóndigas en salsa | carne picada, pan y huevo
- 500 g de carne picada
- 1 huevo
- 1 rebanada de pan mojada en leche
- 1 cebolla
- 1 zanahoria
- Vino blanco, harina y caldo
1. Mezcla la carne con el huevo, el pan, ajo, perejil y sal; forma bolas.
2. Pásalas por harina y dóralas en aceite.
3. En el mismo aceite sofríe la cebolla y la zanahoria, añade vino y caldo.
4. Tritura la salsa, vuelve a poner las albóndigas y cuece 15 minutos.

Filetes de lomo con pimientos | unos filetes de lomo con pimientos | lomo de cerdo y pimientos
- 8 filetes de lomo
- 2 pimientos verdes italianos
- 1 pimiento rojo
- 2 dientes de ajo
- Aceite y sal
1. Corta los pimientos en tiras y fríelos despacio con el ajo.
2. Sala los filetes.
3. Hazlos a la plancha, muy caliente, un minuto por cada lado.
4. Sírvelos con los pimientos por encima.

Sardinas a la plancha | unas sardinas a la plancha | sardinas y limón
- 1 kg de sardinas frescas
- Sal gruesa
- 1 limón
- Perejil y aceite
1. Limpia las sardinas sin quitarles la cabeza si no quieres.
2. Échales sal gruesa y déjalas diez minutos.
3. Ásalas en la plancha muy caliente dos o tres minutos por lado.
4. Sírvelas con limón y un aliño de aceite y perejil.

Boquerones en vinagre | unos boquerones en vinagre | boquerones, vinagre y ajo
- 500 g de boquerones
- 250 ml de vinagre
- 2 dientes de ajo
- Aceite de oliva, perejil y sal
1. Limpia los boquerones y congélalos al menos cinco días por seguridad.
2. Descongélalos y cúbrelos con vinagre y agua a partes iguales con sal.
3. Déjalos en la nevera seis horas, hasta que estén blancos.
4. Escúrrelos y cúbrelos con aceite, ajo y perejil picados.

Mejillones al vapor | unos mejillones al vapor | mejillones, limón y laurel
- 1 kg de mejillones
- 1 hoja de laurel
- 1 limón
- Un chorrito de vino blanco
1. Limpia los mejillones y quita las barbas.
2. Ponlos en una olla con el laurel, el vino y el limón en rodajas.
3. Tapa y cocina a fuego fuerte hasta que se abran, unos cinco minutos.
4. Desecha los que sigan cerrados y sirve con su caldo.

Gambas al ajillo | unas gambas al ajillo | gambas, ajos y guindilla
- 400 g de gambas peladas
- 5 dientes de ajo
- 1 guindilla
- 100 ml de aceite de oliva
- Perejil y sal
1. Lamina los ajos y calienta el aceite en una cazuela de barro.
2. Dora los ajos con la guindilla a fuego suave.
3. Sube el fuego y añade las gambas con una pizca de sal.
4. Cocina dos minutos, espolvorea perejil y sirve hirviendo con pan.

Pulpo a la gallega | un pulpo a la gallega | pulpo cocido, patatas y pimentón
- 1 pulpo cocido
- 3 patatas
- Pimentón dulce y picante
- Aceite de oliva y sal gruesa
1. Cuece las patatas con piel y córtalas en rodajas.
2. Corta el pulpo con tijeras en rodajas de un dedo.
3. Colócalo sobre las patatas en un plato de madera.
4. Espolvorea sal gruesa, pimentón y riega con aceite.

Calamares a la romana | unos calamares a la romana | calamares, harina y huevo
- 500 g de calamares en anillas
- 150 g de harina
- 1 huevo
- 100 ml de agua con gas
- Aceite, sal y limón
1. Seca bien las anillas y sálalas.
2. Prepara una masa con la harina, el huevo y el agua con gas.
3. Reboza las anillas y fríelas en aceite muy caliente en tandas pequeñas.
4. Escúrrelas en papel y sírvelas con limón.

Bacalao con tomate | un bacalao con tomate | bacalao desalado, tomate y cebolla
- 4 lomos de bacalao desalado
- 500 g de tomate triturado
- 1 cebolla
- 1 pimiento verde
- Harina, aceite y azúcar
1. Enharina el bacalao, fríelo brevemente y resérvalo.
2. Pocha la cebolla y el pimiento en el mismo aceite.
3. Añade el tomate y una pizca de azúcar y cuece 20 minutos.
4. Pon el bacalao en la salsa y deja cinco minutos a fuego suave.

Salmón al papillote | un salmón al papillote | salmón, calabacín y limón
- 4 lomos de salmón
- 1 calabacín
- 1 zanahoria
- 1 limón
- Eneldo, aceite y sal
1. Corta las verduras en tiras finas.
2. Pon cada lomo sobre papel de horno con las verduras y una rodaja de limón.
3. Añade eneldo, aceite y sal y cierra bien el paquete.
4. Hornea a 200 °C unos 15 minutos y abre en la mesa.

Sopa de fideos | una sopa de fideos | caldo de pollo y fideos
- 1,5 litros de caldo de pollo
- 100 g de fideos finos
- 1 huevo cocido
- Hierbabuena
1. Calienta el caldo hasta que hierva.
2. Echa los fideos y cuece lo que indique el paquete.
3. Añade el huevo cocido picado.
4. Sirve con unas hojas de hierbabuena.

Caldo de verduras | un caldo de verduras | puerro, zanahorias y apio
- 1 puerro
- 2 zanahorias
- 1 rama de apio
- 1 cebolla
- 1 nabo
- 2 litros de agua y sal
1. Lava y trocea las verduras sin pelarlas demasiado.
2. Ponlas en una olla con el agua fría.
3. Cuece a fuego suave una hora, espumando si hace falta.
4. Cuela el caldo y guárdalo en la nevera o congélalo en raciones.

Sopa de cebolla | una sopa de cebolla | cebollas, pan y queso
- 4 cebollas grandes
- 30 g de mantequilla
- 1 litro de caldo
- 4 rebanadas de pan tostado
- Queso rallado
1. Corta las cebollas en juliana y póchalas en mantequilla 30 minutos, hasta que caramelicen.
2. Añade el caldo y cuece 15 minutos más.
3. Reparte la sopa en cuencos aptos para horno y pon el pan encima.
4. Cubre con queso y gratina hasta que se dore.

Crema de champiñones | una crema de champiñones | champiñones, cebolla y nata
- 500 g de champiñones
- 1 cebolla
- 1 patata
- 600 ml de caldo
- 100 ml de nata
1. Sofríe la cebolla y añade los champiñones laminados.
2. Agrega la patata troceada y el caldo.
3. Cuece 20 minutos.
4. Tritura con la nata y ajusta de sal y pimienta.

Puré de patatas | un puré de patatas | patatas, leche y mantequilla
- 1 kg de patatas
- 150 ml de leche caliente
- 50 g de mantequilla
- Nuez moscada y sal
1. Cuece las patatas peladas en agua con sal hasta que estén tiernas.
2. Escúrrelas bien y aplástalas con un pasapurés.
3. Añade la mantequilla y la leche caliente poco a poco.
4. Remueve con varillas y termina con nuez moscada.

Patatas bravas | unas patatas bravas | patatas, pimentón picante y tomate
- 1 kg de patatas
- 1 cucharada de harina
- 1 cucharadita de pimentón picante
- 250 ml de caldo
- Aceite y sal
1. Corta las patatas en dados y fríelas en dos tandas hasta que estén crujientes.
2. Para la salsa, tuesta la harina en un poco de aceite con el pimentón.
3. Añade el caldo y remueve hasta que espese.
4. Sirve las patatas con la salsa por encima.

Pimientos rellenos de arroz | unos pimientos rellenos | pimientos rojos, arroz y tomate
- 4 pimientos rojos
- 150 g de arroz
- 1 cebolla
- 200 g de tomate triturado
- Carne picada o setas
1. Vacía los pimientos quitando el tallo y las semillas.
2. Sofríe la cebolla con la carne, añade el tomate y el arroz crudo.
3. Rellena los pimientos hasta tres cuartos y tápalos con su tallo.
4. Hornea a 180 °C una hora, regándolos con un poco de agua.

Coliflor gratinada | una coliflor gratinada | una coliflor, leche y queso
- 1 coliflor
- 400 ml de bechamel
- 80 g de queso rallado
- Nuez moscada y sal
1. Separa la coliflor en ramilletes y cuécela ocho minutos.
2. Escúrrela bien y colócala en una fuente.
3. Cúbrela con la bechamel con nuez moscada.
4. Espolvorea el queso y gratina hasta que esté dorada.

Ensalada de pasta | una ensalada de pasta | pasta, tomates cherry y atún
- 250 g de pasta corta
- 150 g de tomates cherry
- 1 lata de atún
- Maíz dulce y aceitunas
- Aceite, vinagre y orégano
1. Cuece la pasta, escúrrela y enfríala con agua.
2. Parte los tomates cherry por la mitad.
3. Mezcla la pasta con el atún, los tomates, el maíz y las aceitunas.
4. Aliña con aceite, vinagre y orégano.

Tabulé | un tabulé | cuscús, tomates y pepino
- 200 g de cuscús o bulgur
- 2 tomates
- 1 pepino
- 1 manojo de perejil
- Hierbabuena, limón y aceite
1. Hidrata el cuscús con la misma cantidad de agua caliente y sal.
2. Suéltalo con un tenedor cuando haya absorbido el agua.
3. Pica los tomates, el pepino, el perejil y la hierbabuena.
4. Mézclalo todo y aliña con zumo de limón y aceite.

Leche frita | una leche frita | leche, maicena y huevos
- 500 ml de leche
- 60 g de maicena
- 100 g de azúcar
- Canela y piel de limón
- Huevo y harina para rebozar
1. Infusiona la leche con la canela y la piel de limón.
2. Disuelve la maicena y el azúcar en un poco de leche fría y añádelo.
3. Cuece hasta que espese mucho, extiende en una fuente y enfría.
4. Corta en cuadrados, reboza en harina y huevo, fríelos y pásalos por azúcar con canela.

Churros | unos churros | harina, agua y aceite
- 250 g de harina
- 250 ml de agua
- 1 pizca de sal
- Aceite para freír
- Azúcar
1. Hierve el agua con la sal.
2. Echa la harina de golpe y remueve hasta formar una masa.
3. Mete la masa en una churrera o manga con boquilla de estrella.
4. Fríe tiras de masa en aceite caliente y rebózalas en azúcar.

Trufas de chocolate | unas trufas de chocolate | chocolate negro, nata y cacao
- 200 g de chocolate negro
- 100 ml de nata
- 20 g de mantequilla
- Cacao en polvo
1. Calienta la nata sin que hierva y viértela sobre el chocolate troceado.
2. Remueve hasta que se funda y añade la mantequilla.
3. Deja la mezcla en la nevera dos horas.
4. Forma bolitas con las manos y rebózalas en cacao.

Mermelada de fresa | una mermelada de fresa | fresas, azúcar y limón
- 1 kg de fresas
- 500 g de azúcar
- El zumo de 1 limón
1. Lava las fresas, quítales el rabito y trocéalas.
2. Mézclalas con el azúcar y el limón y déjalas macerar una hora.
3. Cuece a fuego medio unos 30 minutos, removiendo a menudo.
4. Envasa en frascos limpios bien calientes, ciérralos y ponlos boca abajo.

Limonada casera | una limonada | limones, azúcar y hierbabuena
- 4 limones
- 1 litro de agua fría
- 80 g de azúcar
- Hojas de hierbabuena
- Hielo
1. Exprime los limones.
2. Disuelve el azúcar en un poco de agua templada.
3. Mezcla el zumo, el almíbar y el resto del agua.
4. Sirve con hielo y hojas de hierbabuena.

Agua de jamaica | un agua de jamaica | flor de jamaica, azúcar y limón
- 50 g de flor de jamaica seca
- 2 litros de agua
- 120 g de azúcar
- Hielo
1. Hierve la flor de jamaica en medio litro de agua cinco minutos.
2. Deja reposar diez minutos y cuela.
3. Añade el resto del agua fría y el azúcar.
4. Remueve bien y sirve con mucho hielo.

Chocolate a la taza | un chocolate a la taza | chocolate, leche y maicena
- 500 ml de leche
- 100 g de chocolate negro
- 1 cucharada de maicena
- 2 cucharadas de azúcar
1. Disuelve la maicena en un poco de leche fría.
2. Calienta el resto de la leche con el chocolate troceado y el azúcar.
3. Cuando se funda, añade la maicena disuelta.
4. Remueve a fuego bajo hasta que espese y sírvelo con churros.

Pan casero | un pan casero | harina, levadura y agua
- 500 g de harina de fuerza
- 320 ml de agua templada
- 10 g de sal
- 5 g de levadura seca
1. Mezcla la harina con la levadura, añade el agua y por último la sal.
2. Amasa diez minutos hasta que la masa esté lisa.
3. Déjala reposar tapada hasta que doble su volumen, unas dos horas.
4. Dale forma, deja que suba otra hora y hornea a 220 °C unos 35 minutos.

Porrusalda | una porrusalda | puerros, patatas y zanahoria
- 4 puerros
- 3 patatas
- 1 zanahoria
- 1 diente de ajo
- Aceite y sal
1. Corta los puerros en rodajas y rehógalos con el ajo.
2. Añade las patatas en trozos y la zanahoria en rodajas.
3. Cubre con agua y cuece 25 minutos.
4. Ajusta de sal y sirve con un chorrito de aceite crudo.

Ensalada de lentejas | una ensalada de lentejas | lentejas cocidas, pimiento y cebolla
- 400 g de lentejas cocidas
- 1/2 pimiento rojo
- 1/2 cebolla morada
- 1 tomate
- Aceite, vinagre y comino
1. Enjuaga las lentejas y escúrrelas.
2. Pica en dados el pimiento, la cebolla y el tomate.
3. Mezcla todo en un bol.
4. Aliña con aceite, vinagre, comino y sal y deja reposar diez minutos.

Tostas de aguacate y huevo | unas tostas de aguacate | pan, aguacate y huevos
- 4 rebanadas de pan
- 1 aguacate
- 2 huevos
- Limón, sal y pimienta
1. Tuesta el pan.
2. Machaca el aguacate con limón, sal y pimienta.
3. Cuece los huevos seis minutos y pélalos.
4. Unta el pan con el aguacate y pon medio huevo encima.

Pollo en pepitoria | un pollo en pepitoria | pollo, almendras y huevos
- 1 pollo troceado
- 1 cebolla
- 30 g de almendras
- 2 yemas de huevo cocido
- Vino blanco, azafrán y caldo
1. Dora el pollo y resérvalo.
2. Sofríe la cebolla, añade el vino y el caldo y devuelve el pollo.
3. Cuece 30 minutos.
4. Maja las almendras con las yemas y el azafrán, añádelo a la salsa y cuece cinco minutos.

Arroz al horno | un arroz al horno | arroz, costillas y garbanzos
- 300 g de arroz
- 300 g de costilla de cerdo
- 200 g de garbanzos cocidos
- 1 patata
- 1 tomate y 1 cabeza de ajos
- 750 ml de caldo
1. Dora la costilla y la patata en rodajas en una cazuela de barro.
2. Añade el arroz y los garbanzos y rehoga un minuto.
3. Vierte el caldo caliente y coloca el tomate y los ajos en el centro.
4. Hornea a 220 °C unos 20 minutos y deja reposar.

Cuscús con verduras | un cuscús con verduras | cuscús, calabacín y zanahoria
- 250 g de cuscús
- 1 calabacín
- 2 zanahorias
- 200 g de garbanzos cocidos
- Caldo, comino y canela
1. Trocea las verduras y cuécelas en caldo con las especias.
2. Añade los garbanzos al final.
3. Hidrata el cuscús con la misma cantidad de caldo caliente.
4. Suéltalo con un tenedor y sirve las verduras por encima.

Papas arrugadas con mojo | unas papas arrugadas | papas pequeñas, sal gruesa y pimientos
- 1 kg de papas pequeñas
- 100 g de sal gruesa
- 2 pimientas secas o un pimiento rojo
- 3 dientes de ajo
- Comino, aceite y vinagre
1. Cuece las papas con piel en agua que apenas las cubra y la sal.
2. Cuando estén tiernas, tira el agua y déjalas al fuego hasta que se arruguen.
3. Para el mojo, tritura el pimiento, el ajo, el comino, el aceite y el vinagre.
4. Sirve las papas con el mojo aparte.

Migas de pastor | unas migas | pan duro, ajos y chorizo
- 500 g de pan duro
- 6 dientes de ajo
- 100 g de chorizo
- 100 g de panceta
- Aceite, pimentón y sal
1. Corta el pan en trocitos, humedécelo con agua salada y tápalo una noche.
2. Fríe los ajos sin pelar, el chorizo y la panceta, y resérvalos.
3. Echa el pan en la sartén y remueve sin parar 20 minutos.
4. Cuando esté suelto y dorado, devuelve lo frito y sirve.

Pan de elote | un pan de elote | granos de elote, huevos y leche condensada
- 4 tazas de granos de elote
- 4 huevos
- 1 lata de leche condensada
- 100 g de mantequilla derretida
- 1 cucharadita de polvo de hornear
1. Tritura el elote con los huevos y la leche condensada.
2. Añade la mantequilla y el polvo de hornear.
3. Vierte en un molde engrasado.
4. Hornea a 180 °C unos 50 minutos, hasta que un palillo salga limpio.

Tequeños | unos tequeños | masa de hojaldre o de pan y queso blanco
- 300 g de masa de hojaldre o masa de pan
- 250 g de queso blanco duro
- 1 huevo
- Aceite para freír
1. Corta el queso en bastones de un dedo.
2. Estira la masa y córtala en tiras largas.
3. Enrolla cada bastón con una tira, sellando bien los extremos.
4. Fríelos en aceite caliente hasta que estén dorados.

Locro sencillo | un locro | zapallo, maíz blanco y porotos
- 300 g de maíz blanco remojado
- 200 g de porotos remojados
- 500 g de zapallo
- 300 g de carne de ternera
- 1 chorizo colorado
- Cebolla de verdeo, pimentón y comino
1. Cuece el maíz y los porotos con agua durante una hora.
2. Añade la carne en trozos, el chorizo y el zapallo.
3. Cocina a fuego lento otra hora y media, removiendo para que espese.
4. Sirve con una salsa de cebolla de verdeo frita con pimentón.

Mazamorra morada | una mazamorra morada | maíz morado, piña y canela
- 500 g de maíz morado
- La cáscara de una piña
- 1 rama de canela y clavo
- 150 g de azúcar
- 4 cucharadas de fécula de papa
1. Hierve el maíz morado con la cáscara de piña, la canela y el clavo 40 minutos.
2. Cuela el líquido y endúlzalo con el azúcar.
3. Añade la fécula disuelta en agua fría y cuece hasta que espese.
4. Sirve tibia o fría con canela molida.

Brownie de chocolate | un brownie | chocolate, huevos y nueces
- 200 g de chocolate negro
- 150 g de mantequilla
- 3 huevos
- 150 g de azúcar
- 80 g de harina
- 50 g de nueces
1. Funde el chocolate con la mantequilla.
2. Bate los huevos con el azúcar y añade el chocolate.
3. Incorpora la harina y las nueces picadas.
4. Hornea a 180 °C unos 25 minutos; el centro debe quedar algo húmedo.
"""

# Formas de pedir una receta. {tema} lleva artículo («una tortilla de patatas»), {nombre} no
# («tortilla de patatas») e {ingredientes} es lo que hay en la nevera.
PREGUNTAS_TEMA = [
    "¿Cómo preparo {tema}?",
    "¿Me explicas cómo hacer {tema}?",
    "Quiero cocinar {tema} esta noche.",
    "Me {apetece} {tema}. ¿Cómo se {hace}?",
    "¿Qué necesito para hacer {tema}?",
    "Enséñame a preparar {tema}, por favor.",
    "Hoy tengo invitados y quiero hacer {tema}. ¿Me ayudas?",
    "¡Hola! ¿Sabes hacer {tema}?",
    "Nunca he hecho {tema}. ¿Por dónde empiezo?",
    "¿Cuál es la mejor manera de hacer {tema} en casa?",
]
PREGUNTAS_NOMBRE = [
    "Dame una receta de {nombre}.",
    "Receta de {nombre}, por favor.",
    "Necesito una receta fácil de {nombre}.",
    "¿Tienes una receta de {nombre}?",
    "Escríbeme la receta de {nombre}.",
    "{Nombre}: ¿me pasas la receta?",
]
PREGUNTAS_INGREDIENTES = [
    "Tengo {ingredientes}, ¿qué hago?",
    "En la nevera me quedan {ingredientes}. ¿Qué puedo cocinar?",
    "¿Qué puedo preparar con {ingredientes}?",
    "Solo tengo {ingredientes}. ¡Ayúdame con la cena!",
    "Con {ingredientes}, ¿qué receta me recomiendas?",
]
SISTEMAS = [
    "Eres un asistente de cocina. Responde siempre con una receta: título, "
    "Ingredientes y Pasos.",
    "Eres un cocinero paciente que explica recetas sencillas para principiantes.",
    "Responde en español con recetas caseras, breves y fáciles de seguir.",
]
ARTICULOS = ("un ", "una ", "unos ", "unas ")


def leer_recetas() -> list[dict]:
    """Convierte el texto de RECETAS en una lista de diccionarios."""
    recetas = []
    for bloque in RECETAS.strip().split("\n\n"):
        lineas = [linea.strip() for linea in bloque.strip().splitlines()]
        titulo, tema, ingredientes = (parte.strip() for parte in lineas[0].split("|"))
        lista = [linea[2:] for linea in lineas[1:] if linea.startswith("- ")]
        pasos = [linea for linea in lineas[1:] if re.match(r"\d+\. ", linea)]
        if len(lista) + len(pasos) != len(lineas) - 1 or not lista or not pasos:
            raise ValueError(f"Receta mal escrita: {titulo}")
        nombre = tema
        for articulo in ARTICULOS:
            if tema.startswith(articulo):
                nombre = tema[len(articulo) :]
        recetas.append(
            {
                "titulo": titulo,
                "tema": tema,
                "nombre": nombre,
                "ingredientes_nevera": ingredientes,
                "ingredientes": lista,
                "pasos": pasos,
            }
        )
    return recetas


def respuesta_receta(receta: dict) -> str:
    """La respuesta del asistente: título, «Ingredientes:» con viñetas y «Pasos:» numerados."""
    partes = [receta["titulo"], "", "Ingredientes:"]
    partes += [f"- {ingrediente}" for ingrediente in receta["ingredientes"]]
    partes += ["", "Pasos:"]
    partes += receta["pasos"]
    return "\n".join(partes)


def crear_recetas(rng: random.Random) -> list[dict]:
    """Dos conversaciones por receta, con dos formas distintas de preguntar."""
    registros = []
    familias = [PREGUNTAS_TEMA, PREGUNTAS_NOMBRE, PREGUNTAS_INGREDIENTES]
    for i, receta in enumerate(leer_recetas()):
        elegidas = rng.sample(range(3), 2)
        for j, familia in enumerate(elegidas):
            plantilla = rng.choice(familias[familia])
            plural = receta["tema"].startswith(("unos ", "unas "))
            pregunta = plantilla.format(
                tema=receta["tema"],
                apetece="apetecen" if plural else "apetece",
                hace="hacen" if plural else "hace",
                nombre=receta["nombre"],
                Nombre=receta["nombre"][:1].upper() + receta["nombre"][1:],
                ingredientes=receta["ingredientes_nevera"],
            )
            mensajes = []
            if (2 * i + j) % 5 == 0:
                mensajes.append({"role": "system", "content": SISTEMAS[(i + j) % len(SISTEMAS)]})
            mensajes.append({"role": "user", "content": pregunta})
            mensajes.append({"role": "assistant", "content": respuesta_receta(receta)})
            registros.append({"messages": mensajes})
    rng.shuffle(registros)
    return registros


def escribir_recetas(carpeta: Path, rng: random.Random) -> int:
    registros = crear_recetas(rng)
    lineas = [json.dumps(r, ensure_ascii=False) for r in registros]
    (carpeta / "recetas.jsonl").write_bytes(("\n".join(lineas) + "\n").encode("utf-8"))
    return len(registros)


# ---------------------------------------------------------------------------
# (b) textos.txt
# ---------------------------------------------------------------------------
# El cuaderno de campo de Valdeluna del Río, un pueblo inventado. Cada bloque es un
# párrafo; los saltos de línea dentro de un bloque se convierten en espacios.

TEXTOS = """
Valdeluna del Río está en el fondo de un valle estrecho, entre dos sierras de pizarra que en
invierno se quedan oscuras y en primavera se cubren de jaras. El pueblo tiene ciento doce
vecinos censados, aunque en agosto llegan a ser más de cuatrocientos. Este cuaderno recoge lo
que vemos y lo que nos cuentan, sin más orden que el de los días.

El río que da nombre al pueblo se llama Lucero. Nace en una fuente de la sierra norte, baja
saltando entre piedras y, al llegar al valle, se vuelve lento y ancho. Los mayores dicen que
antes se podía cruzar en verano sin mojarse las rodillas y que en los inviernos de mucha nieve
se llevaba los puentes de madera.

El primer documento que menciona Valdeluna es un pleito por el uso de un molino. En él se
discute quién puede moler los lunes y quién los jueves, y se acusa a un molinero de quedarse con
más harina de la que le correspondía. El pleito duró once años y, al final, los dos vecinos
enfrentados acabaron casando a sus hijos.

El molino de abajo todavía conserva la rueda de piedra y el canal por el que entraba el agua.
Dentro huele a humedad y a madera vieja. En las paredes hay marcas de yeso con números que nadie
sabe leer del todo: quizá fueran cuentas de sacos, quizá fechas de crecidas.

Esta mañana, a las siete y media, el valle estaba cubierto de niebla hasta la altura del
campanario. Solo asomaba la veleta, con su gallo de hierro torcido. A medida que el sol subía,
la niebla se fue deshaciendo en jirones que se quedaban enganchados en los chopos de la orilla.

En la ribera del Lucero crecen alisos, fresnos, sauces y chopos. Los alisos son los que más
cerca del agua viven; sus raíces sujetan la tierra y dan sombra a las truchas. En otoño los
chopos se ponen amarillos antes que nadie y parecen velas encendidas a lo largo del río.

Hemos contado las cigüeñas del campanario. Este año hay dos nidos ocupados y un tercero que se
construyó en marzo y se abandonó en abril. La pareja del nido grande sacó adelante tres pollos;
la del pequeño, solo uno. Los niños de la escuela los vigilan con prismáticos desde el patio.

La escuela de Valdeluna tuvo en su mejor época cuarenta y tantos alumnos, repartidos en dos
aulas: una para los pequeños y otra para los mayores. Hoy tiene nueve, de tres a once años, y
una maestra que viene cada día desde la ciudad. Los viernes por la tarde dan clase en el huerto.

El huerto comunitario se abrió hace seis años en un terreno municipal que llevaba décadas
abandonado. Lo primero que hubo que hacer fue sacar piedras: tantas que con ellas se levantó el
murete que hoy rodea las parcelas. Cada familia que quiere tiene un bancal, y hay otros tres que
se cuidan entre todos.

En el bancal común de este año hemos sembrado habas, ajos y cebollas en otoño, y en primavera
tomates, pimientos, calabacines y judías. Las habas se dieron muy bien; los ajos, regular,
porque llovió demasiado en febrero y algunos se pudrieron. Apuntamos aquí que el año que viene
conviene plantarlos en caballones más altos.

Don Eusebio, que tiene noventa y un años, dice que los tomates de antes sabían mejor porque se
regaban menos. Según él, una tomatera que pasa un poco de sed da frutos más pequeños pero más
dulces. Lo hemos probado en dos bancales y, de momento, parece que tiene razón.

La fiesta mayor se celebra el último fin de semana de agosto, en honor a la Virgen del Vado. La
imagen es pequeña, de madera policromada, y se baja en procesión hasta el río, donde el cura
bendice el agua. Después hay baile en la plaza, y a medianoche se queman los fuegos desde la
era.

Antes de que hubiera agua corriente en las casas, las mujeres lavaban la ropa en el lavadero de
la fuente vieja. Es una pila larga de granito con un tejadillo a dos aguas. Nos cuentan que era
el mejor sitio para enterarse de todo: quién se casaba, quién había vendido una tierra, quién
había vuelto de Francia.

En los años sesenta se fueron muchos vecinos a trabajar a Francia, a Suiza y a Alemania. Algunos
volvieron con un coche y construyeron casas nuevas a la entrada del pueblo, con balcones de
aluminio y tejados de teja plana. Otros no volvieron nunca, pero sus nietos vienen en verano y
preguntan por las casas de sus abuelos.

Las golondrinas llegaron el 24 de marzo, tres días antes que el año pasado. Los aviones comunes,
que anidan bajo los aleros del ayuntamiento, aparecieron una semana después. Los vencejos, como
siempre, fueron los últimos: los primeros gritos se oyeron sobre la plaza el 19 de abril.

Hay una encina enorme en el camino de la sierra a la que todos llaman la Encina del Tío Blas. Nadie
recuerda quién fue el tío Blas. Su tronco necesita cuatro personas con los brazos abiertos para
rodearlo, y bajo su copa se reunía el concejo abierto en los veranos, porque allí siempre corría
el aire.

En el concejo abierto participaban todos los vecinos cabeza de familia. Se decidía cuándo se
segaba, cuándo se abría el monte al ganado, quién arreglaba los caminos. Las decisiones se
apuntaban en un libro de tapas de cuero que todavía se guarda en el ayuntamiento, con las
hojas amarillas y las letras muy apretadas.

Esta semana ha llovido cuatro días seguidos. El Lucero viene marrón y ruidoso, y ha cubierto las
piedras del vado. Desde el puente se ven pasar ramas, hojas y alguna tabla. Las ranas, en
cambio, están contentas: por la noche el coro de la charca de la dehesa se oye desde las
primeras casas.

Los caminos de Valdeluna tienen nombre propio. El de las Viñas lleva a las laderas donde antes
había viñedo y ahora hay almendros. El del Carbón sube a la sierra, por donde bajaban los
carboneros con las mulas. El de la Raya iba hasta el pueblo vecino y era el camino de las
bodas y de los pleitos.

Los carboneros pasaban semanas en el monte. Levantaban una pila de leña cubierta de tierra y la
dejaban arder muy despacio, sin llama, vigilándola día y noche. Si entraba demasiado aire, la
leña se quemaba y se perdía el trabajo. El carbón bueno sonaba como una campanilla al chocar un
trozo con otro.

En la plaza hay un olmo que sobrevivió a la grafiosis, la enfermedad que mató a casi todos los
olmos del país. Los técnicos que vinieron a verlo se llevaron unas ramitas para estudiarlo. Desde
entonces le tenemos un cariño especial y nadie aparca debajo, por si acaso.

A finales de octubre empieza la recogida de castañas en los sotos de la umbría. Se va con una
vara larga, unos guantes gruesos y un cesto. Los erizos se pisan con la bota para abrirlos. Las
castañas más gordas se guardan para asar; las pequeñas, para los cerdos o para hacer harina.

El magosto se celebra el primer sábado de noviembre en la era. Se hace una hoguera grande, se
asan castañas en un tambor agujereado y se reparten en cucuruchos de papel de periódico. Los
chavales se tiznan la cara con el hollín y persiguen a los mayores, que fingen enfadarse.

Las abejas del colmenar de la solana han salido temprano este año. A primeros de febrero ya se
las veía en los almendros en flor. El apicultor, que es también el cartero, dice que si no hay
una helada tardía será un buen año de miel. Si la hay, perderemos la primera floración.

Anoche heló. Los charcos de la calle Real amanecieron con una capa de hielo fina como papel, y
los tejados estaban blancos hasta que el sol los alcanzó a media mañana. En el huerto hemos
tapado las lechugas con mantas viejas; las habas aguantan bien el frío y no les ha pasado nada.

El horno de pan comunal se usaba por turnos. Cada familia llevaba su masa los días señalados,
marcada con un sello de madera con sus iniciales para no confundir las hogazas. La panadera
encendía el horno de madrugada con leña de retama, que calienta deprisa y deja poca ceniza.

Hemos restaurado el horno comunal con la ayuda de un albañil jubilado de un pueblo cercano. La
bóveda estaba agrietada y hubo que rehacerla ladrillo a ladrillo. En la primera hornada salieron
veinte hogazas un poco quemadas por abajo. En la tercera, ya salieron perfectas.

En el arroyo de la Fresneda vive una población de cangrejo autóctono, cada vez más rara en la
comarca. Los guardas piden que nadie traslade cangrejos de un arroyo a otro ni lave botas o
redes que hayan estado en otros ríos, porque así se contagian las enfermedades que los matan.

Las nutrias han vuelto al Lucero. Hace veinte años no se veían; ahora es fácil encontrar sus
excrementos sobre las piedras grandes, con escamas de pescado y restos de cangrejo. Un vecino
que madruga mucho dice que vio dos jugando en la poza del molino, pero no le dio tiempo a sacar
el teléfono.

La ermita de San Roque está en un cerro, a media hora andando del pueblo. Es pequeña, con una
espadaña de una sola campana y un pórtico con bancos de piedra. Desde allí se ve todo el valle y,
los días claros, las cumbres nevadas de la sierra del sur.

Cuenta la tradición que la ermita se levantó después de una epidemia que dejó el pueblo medio
vacío. Los supervivientes prometieron subir cada año al cerro el 16 de agosto, y así se sigue
haciendo. La romería sale a las ocho de la mañana, antes de que apriete el calor.

En el archivo parroquial se conservan los libros de bautismos desde finales del siglo XVI.
Revisándolos, hemos visto que los nombres más frecuentes eran Juan, Pedro, María y Catalina, y
que hasta el siglo XIX casi todos los niños nacían entre el otoño y la primavera. Los veranos,
con la siega, no daban para más.

La siega se hacía a mano, con hoz, y empezaba a mediados de junio. Los segadores llevaban dedales
de caña en los dedos de la mano izquierda para no cortarse. Al terminar cada campo, se dejaba
un manojo de espigas sin segar atado con una cinta, para que el año siguiente volviera a
haber cosecha.

Hoy, en las tierras donde antes había trigo, pastan las vacas de dos ganaderos jóvenes que se
instalaron en el pueblo hace cuatro años. Tienen unas ochenta cabezas de raza avileña, negras y
tranquilas. En verano suben al puerto y en invierno bajan a las dehesas del valle.

Hemos visto el primer abejaruco del año posado en el tendido eléctrico de la carretera. Son
inconfundibles: verdes, amarillos y castaños, como si alguien los hubiera pintado con prisa.
Anidan en los taludes de arena del río, en galerías que excavan con el pico.

Las noches de julio son buenas para ver estrellas. Como en Valdeluna hay pocas farolas, la Vía
Láctea se ve cruzando el cielo de norte a sur. Un grupo de vecinos ha empezado a reunirse en la
era los viernes, con una manta y un termo de café, para aprender los nombres de las
constelaciones.

El invierno pasado nevó tres veces. La nevada grande cayó en enero y dejó treinta centímetros en
la plaza. La carretera estuvo cortada un día entero hasta que llegó la máquina quitanieves. Los
niños hicieron un muñeco con una boina y una bufanda del equipo de fútbol del pueblo.

El pueblo tuvo equipo de fútbol durante casi veinte años. Jugaba en un campo de tierra junto al
río que se inundaba cada primavera. Cuando el balón caía al agua, el portero suplente tenía que ir
corriendo por la orilla para recogerlo antes de que llegara a la presa.

En la umbría de la sierra hay un bosque de robles melojos que en otoño se vuelve de color cobre.
Los robles conservan las hojas secas durante casi todo el invierno, y cuando sopla el viento el
bosque entero suena como si lloviera. En primavera las hojas nuevas salen de un verde muy claro,
casi blanco.

En el bosque de robles hemos encontrado este mes setas de cardo, níscalos y algún boleto. Los
que saben de setas insisten en que solo se recoja lo que se conoce bien, que se corte el pie con
navaja y que se lleven en cesta, para que las esporas caigan por el camino.

La fuente vieja tiene un caño de bronce con forma de cabeza de león, tan gastado que ya parece un
perro. El agua sale fresca incluso en agosto. Hay quien viene de otros pueblos con garrafas,
porque dicen que es la mejor agua de la comarca para hacer café.

La tienda del pueblo cerró hace ocho años. Ahora pasa tres veces por semana una furgoneta que
vende pan, fruta, pescado y productos de limpieza. Toca el claxon al entrar en la plaza y en cinco
minutos se forma una pequeña cola en la que se comentan las noticias de la semana.

El médico pasa consulta los martes y los jueves por la mañana en un cuarto del ayuntamiento. La
enfermera viene los lunes. Para lo demás hay que ir al centro de salud de la cabecera de
comarca, a veinticinco minutos en coche. Los vecinos que no conducen se organizan para
compartir viajes.

En la calle del Horno hay una casa con un escudo de piedra sobre la puerta. Tiene un castillo, un
árbol y una luna creciente. Nadie sabe a qué familia perteneció. La luna, eso sí, aparece
también en el sello del ayuntamiento, y se supone que es la que da nombre al pueblo.

Otra explicación del nombre es más sencilla: Valdeluna sería «valle de la luna» porque, al estar
tan encajado entre las sierras, la luna llena parece salir de repente por encima de la cresta,
enorme y anaranjada. Quien lo ha visto alguna vez no necesita más explicaciones.

Las lavanderas no eran las únicas que usaban el agua. Había también un batán, junto al molino,
donde se golpeaban los paños de lana con mazos de madera movidos por el río para hacerlos más
tupidos. Del batán solo queda el hueco de la rueda y algunas piedras talladas entre las zarzas.

Los vencejos se marcharon el 4 de agosto. Un día estaban chillando sobre los tejados y al
siguiente el cielo estaba en silencio. Es el primer aviso de que el verano empieza a acabarse,
aunque todavía queden semanas de calor por delante.

En el huerto comunitario hemos montado un compostero con palés viejos. Echamos los restos de
verdura, las hojas secas y el estiércol que nos traen los ganaderos. Hay que darle la vuelta
cada dos semanas con la horca. En seis meses, lo que eran mondas se convierte en tierra negra
que huele a bosque.

Una lección aprendida este año: las judías verdes hay que recogerlas cada dos o tres días. Si se
dejan, engordan, se ponen duras y la planta deja de producir. En agosto, con medio pueblo de
vacaciones, se nos pasaron muchas y tuvimos que guardarlas para semilla.

La semilla la guardamos en sobres de papel con el nombre de la variedad, el año y el bancal.
Tenemos una judía de enrame que trajo una vecina de su madre, un tomate rosado muy grande y un
pimiento largo que aquí llaman de cuerno. Cada invierno se reparten las semillas en la asamblea
del huerto.

En la asamblea del huerto se habla de todo: del agua, de las plagas, de quién no ha regado, de
si conviene comprar una motoazada. Se decide por mayoría, aunque casi siempre se acaba llegando
a un acuerdo antes de votar. Luego hay chocolate con bizcochos en la sala del ayuntamiento.

Este verano el Lucero ha bajado más que nunca. En la poza del molino, donde los niños se bañaban,
el agua apenas llega a la cintura. Los peces se concentran en los pocos tramos profundos y las
garzas aprovechan para pescar sin esfuerzo. Los mayores dicen no recordar una sequía igual.

Para ahorrar agua en el huerto hemos puesto riego por goteo en todos los bancales y acolchado de
paja sobre la tierra. La paja mantiene la humedad, evita que salgan hierbas y, al deshacerse,
alimenta el suelo. Las tomateras lo han agradecido: apenas hemos tenido frutos rajados.

Al anochecer, en los meses de verano, salen los murciélagos del campanario. Hemos contado más de
doscientos en una sola salida. Cada uno puede comerse cientos de mosquitos en una noche, así que
nadie en el pueblo quiere que se vayan, aunque manchen un poco el suelo del coro.

En la sierra norte hay restos de un castro, un poblado fortificado de hace más de dos mil años.
Se ven las bases de varias casas redondas y un trozo de muralla de piedra seca. Hace años vino
un equipo de arqueólogos que encontró cerámica, una fíbula de bronce y muchos huesos de cabra.

Desde el castro se controlaba el paso por el valle. Quien subía desde la llanura tenía que pasar
por el vado del Lucero, justo debajo. Por eso, dicen los arqueólogos, el sitio se ocupó durante
tantos siglos: era un lugar fácil de defender y con agua abundante a los pies.

La carretera asfaltada llegó a Valdeluna en 1971. Antes, para ir a la cabecera de comarca había
que bajar andando o en caballería hasta el cruce, a seis kilómetros, y esperar allí el autobús de
línea. Hay vecinos que todavía recuerdan el día en que pasó el primer coche por la calle Real.

La luz eléctrica llegó antes, en los años cuarenta, gracias a una pequeña central que un vecino
emprendedor montó aprovechando el salto del molino de arriba. Daba luz solo de noche y, cuando el
río bajaba flojo, las bombillas parpadeaban y la gente decía que el molino se estaba quedando
dormido.

Hoy en el tejado de la escuela hay placas solares. Los alumnos llevan un registro de lo que
producen cada día y lo comparan con el tiempo que ha hecho. Han descubierto que un día de
invierno despejado da más energía que uno de verano con calima.

Las mariposas del prado de la dehesa merecen una página aparte. En junio hemos visto macaones,
podalirios, vanesas y muchas blanquitas de la col, que para el huerto no son tan bienvenidas. Los
días de más calor se posan en el barro de la orilla para beber.

La dehesa de Valdeluna es de encinas y algún alcornoque, con pasto debajo. En primavera se llena
de flores: margaritas, cantuesos, viboreras y orquídeas silvestres pequeñas que hay que buscar
agachado. En verano se agosta y todo se vuelve del color de la paja.

El descorche de los alcornoques se hace cada nueve años. El último fue hace tres veranos y vino
una cuadrilla de fuera, porque en el pueblo ya no queda quien sepa hacerlo. Trabajan con hachas
pequeñas, con mucho cuidado para no herir la capa interior del árbol, que es la que vuelve a
crear corcho.

Los ancianos recuerdan los inviernos de su infancia como mucho más fríos. Dicen que el río se
helaba en las orillas y que los carámbanos de los tejados llegaban al suelo. Los datos de la
estación meteorológica de la comarca, que tiene registros desde hace setenta años, les dan la
razón.

Hemos instalado una pequeña estación meteorológica en el patio de la escuela: un termómetro, un
pluviómetro y una veleta. Cada mañana, un alumno distinto anota los datos en una libreta. Al
final de cada mes los pasamos a este cuaderno para que quede constancia.

El camino de la Raya ha vuelto a abrirse gracias a un grupo de voluntarios que pasó tres fines de
semana desbrozando zarzas y retamas. Ahora se puede ir andando hasta el pueblo vecino en hora y
media, como se hacía antes, y hay quien lo recorre los domingos para ir a comer.

En el camino de la Raya hay un mojón de piedra con una cruz grabada que marca el límite entre
los dos términos municipales. Antiguamente, cada siete años, los alcaldes de ambos pueblos lo
visitaban juntos para comprobar que nadie lo había movido. Se llamaba la visita de mojones.

La primera nevada de este invierno llegó el 2 de diciembre, pero fue poca cosa: apenas cubrió los
prados altos. En el pueblo solo cayó aguanieve. Aun así, los mirlos se acercaron a las casas a
buscar comida y las comedoras para pájaros de la escuela se vaciaron en dos días.

Con las comedoras hemos identificado trece especies de pájaros distintas: carboneros, herrerillos,
petirrojos, pinzones, verderones, jilgueros, gorriones, mirlos, colirrojos tizones, lavanderas,
un pico picapinos y un par de arrendajos muy ruidosos. El pico picapinos fue la estrella del mes.

La matanza del cerdo era uno de los días más importantes del invierno. Se juntaban varias
familias y se trabajaba desde antes del amanecer. Los niños tenían el encargo de inflar la
vejiga, que luego servía de balón. Hoy ya no se hace en el pueblo, pero se recuerda con una
mezcla de nostalgia y alivio.

En la cocina de las casas viejas había siempre un llar, una chimenea baja y abierta donde se
guisaba en pucheros de barro sobre las brasas. Alrededor se sentaba la familia en las noches de
invierno. Se contaban historias de lobos, de aparecidos y de tesoros escondidos en la sierra.

La historia del tesoro del castro es la favorita de los niños. Dice que los antiguos habitantes
enterraron un caldero lleno de monedas de oro antes de abandonar el poblado, y que solo puede
encontrarse la noche de San Juan, cuando la luna ilumina la piedra exacta. Nadie lo ha
encontrado todavía.

La noche de San Juan se enciende una hoguera junto al río y los más jóvenes saltan por encima de
las brasas cuando el fuego ya ha bajado. Antes se cogían hierbas al amanecer, como el hipérico y
el romero, y se dejaban en agua toda la noche para lavarse la cara por la mañana.

Los lobos desaparecieron de esta sierra a mediados del siglo pasado, pero en los últimos años ha
habido algún avistamiento en la comarca. Los ganaderos han puesto mastines con los rebaños y
cercados eléctricos por la noche. De momento, no ha habido ataques en Valdeluna.

Los mastines de los ganaderos son enormes y tranquilos. De día duermen a la sombra y parecen no
enterarse de nada; de noche rondan alrededor del ganado y ladran a cualquier cosa que se mueva.
Los senderistas a veces se asustan, pero basta con no acercarse a las vacas para que los perros
los ignoren.

En la calle de la Fragua todavía está el taller del herrero, con el yunque, el fuelle y una
colección de herraduras colgadas de un clavo. El último herrero murió hace doce años. Su nieta
abre el taller algunos sábados y enseña a los visitantes cómo se forjaba una punta.

El herrero era una figura imprescindible: arreglaba rejas de arado, hoces, azadas, llantas de
carro y cerrojos, y herraba a las mulas. En la pared del taller hay una pizarra con los nombres
de los vecinos que le debían dinero, tachados a medida que iban pagando. Quedan tres sin tachar.

Este otoño ha llovido bien, y los prados de la dehesa vuelven a estar verdes. Han salido las
primeras quitameriendas, unas flores moradas pequeñas que anuncian que las tardes se acortan. Los
mayores dicen que cuando aparecen ya no apetece merendar en el campo.

En el huerto hemos plantado coles, lombardas y puerros para el invierno. También hemos sembrado
habas y guisantes, que germinan con el frío y empiezan a crecer en cuanto alarga el día. Los
bancales vacíos se cubren con hojas secas para que la tierra no se lave con la lluvia.

Los alumnos de la escuela han hecho un mapa del pueblo con los nombres antiguos de cada rincón:
el Cantón, la Cruz de la Moza, el Corral del Concejo, las Eras Altas. Para hacerlo han
entrevistado a los vecinos más mayores, y cada nombre lleva detrás una historia que han
apuntado en fichas.

La Cruz de la Moza está en una esquina de la calle Real. Cuentan que allí esperaba una joven a su
novio, que se había ido a la guerra, y que estuvo esperándolo cada tarde durante años. La
historia tiene varios finales según quién la cuente: en unos él vuelve; en otros, no.

El Corral del Concejo era un cercado de piedra donde se encerraba el ganado que se encontraba
suelto por los sembrados. Para recuperarlo, el dueño tenía que pagar una multa al concejo. Ahora
el corral es un pequeño jardín con bancos donde se sientan los mayores a tomar el sol.

Hoy hemos visto por primera vez un martín pescador en el tramo del molino. Pasó como una flecha
azul a ras del agua y se posó en una rama baja, frente a la poza. Estuvo allí casi diez minutos,
inmóvil, hasta que se lanzó de cabeza y salió con un pececillo en el pico.

Las truchas del Lucero son pequeñas pero muy vivas. El coto de pesca solo permite la pesca sin
muerte: se captura, se fotografía si se quiere y se devuelve al agua con cuidado. Los pescadores
más veteranos dicen que así el río se ha recuperado mucho en los últimos diez años.

Un año más, la asociación cultural ha organizado la semana del libro en la biblioteca, que ocupa
la antigua casa del maestro. Se leen cuentos en la plaza, se cambian libros usados y se invita a
algún escritor de la comarca. Este año la sala se llenó para escuchar historias de la sierra.

La biblioteca tiene unos dos mil volúmenes, la mayoría donados por los vecinos. Hay novelas,
libros de cocina, enciclopedias antiguas y una estantería entera dedicada a la comarca. Abre los
miércoles por la tarde y los sábados por la mañana, y la atienden voluntarios por turnos.

En la estantería de la comarca hay un cuaderno manuscrito de un antiguo maestro con observaciones
del tiempo y de las cosechas entre 1928 y 1935. Lo estamos transcribiendo poco a poco. Es
curioso comprobar que él también anotaba el día en que llegaban las golondrinas.

Según el cuaderno del maestro, en la primavera de 1931 las golondrinas llegaron el 2 de abril y
hubo una helada el 20 de ese mes que quemó las viñas. Esa misma semana, escribe, «el pueblo
entero subió a la ermita a pedir que no se perdiera también el trigo». El trigo se salvó.

Cuando cae la tarde en otoño, el humo de las chimeneas se queda flotando sobre los tejados, sin
subir, y todo el pueblo huele a leña de encina. Es uno de esos olores que quien se fue de
Valdeluna dice recordar con más fuerza, más que cualquier imagen.

Este cuaderno no pretende ser una historia completa del pueblo. Es solo una manera de no olvidar:
de apuntar lo que cambia y lo que permanece, los pájaros que llegan y se van, las semillas que
guardamos y las historias que nos cuentan. Cualquiera que quiera puede escribir en él.
"""

# Una pequeña parte combinatoria: las notas mensuales de la estación de la escuela.
MESES = [
    ("enero", "frío y seco", "la escarcha cubrió los prados casi todas las mañanas"),
    ("febrero", "húmedo", "florecieron los primeros almendros de la ladera"),
    ("marzo", "variable", "llegaron las golondrinas y se oyó al primer cuco"),
    ("abril", "lluvioso", "el Lucero bajó crecido durante dos semanas"),
    ("mayo", "templado", "la dehesa se llenó de flores y de abejas"),
    ("junio", "caluroso", "empezaron a madurar las cerezas del camino de las Viñas"),
    ("julio", "muy caluroso", "las chicharras cantaron desde el mediodía hasta la noche"),
    ("agosto", "seco", "el río dejó al descubierto las piedras del vado"),
    ("septiembre", "suave", "volvieron las primeras lluvias y olió a tierra mojada"),
    ("octubre", "otoñal", "los chopos de la ribera se pusieron amarillos"),
    ("noviembre", "ventoso", "se recogieron las últimas castañas de la umbría"),
    ("diciembre", "frío", "el humo de las chimeneas se quedó quieto sobre los tejados"),
]


def crear_textos(rng: random.Random) -> list[str]:
    """Los párrafos escritos a mano y, al final, doce notas mensuales de la estación."""
    parrafos = [" ".join(bloque.split()) for bloque in TEXTOS.strip().split("\n\n")]
    for mes, caracter, suceso in MESES:
        minima = rng.randint(-4, 12)
        maxima = minima + rng.randint(9, 16)
        lluvia = rng.randint(3, 95)
        dias = rng.randint(2, 14)
        parrafos.append(
            f"Resumen de {mes} de la estación de la escuela: un mes {caracter}. La temperatura "
            f"más baja fue de {minima} grados y la más alta de {maxima}. El pluviómetro recogió "
            f"{lluvia} litros por metro cuadrado repartidos en {dias} días de lluvia. Lo más "
            f"comentado en el pueblo: {suceso}."
        )
    return parrafos


def escribir_textos(carpeta: Path, rng: random.Random) -> int:
    parrafos = crear_textos(rng)
    (carpeta / "textos.txt").write_bytes(("\n\n".join(parrafos) + "\n").encode("utf-8"))
    return len(parrafos)


# ---------------------------------------------------------------------------
# (c) opiniones.csv
# ---------------------------------------------------------------------------
# Opiniones de clientes de «La Alacena de Valdeluna», una cooperativa inventada que vende
# queso, miel y aceite en su tienda y por internet, también a Latinoamérica. Los datos
# personales son falsos pero tienen el formato y los dígitos de control correctos, para
# que el anonimizador de afinar tenga algo real que encontrar.

LETRAS_DNI = "TRWAGMYFPDXBNJZSQVHLCKE"
ALFABETO_CURP = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"


def letra_dni(numero: int) -> str:
    """Letra de control de un DNI español: el resto de dividir entre 23."""
    return LETRAS_DNI[numero % 23]


def dni(numero: int) -> str:
    return f"{numero:08d}{letra_dni(numero)}"


def nie(prefijo: str, numero: int) -> str:
    """NIE: X, Y o Z valen 0, 1 y 2 delante del número para calcular la letra."""
    valor = int(str("XYZ".index(prefijo)) + f"{numero:07d}")
    return f"{prefijo}{numero:07d}{letra_dni(valor)}"


def digito_cuit(base: str) -> int | None:
    """Dígito verificador de un CUIT/CUIL argentino (10 cifras); None si no hay válido."""
    pesos = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    resto = sum(int(c) * p for c, p in zip(base, pesos, strict=True)) % 11
    digito = 11 - resto
    if digito == 11:
        return 0
    if digito == 10:
        return None
    return digito


def cuit(rng: random.Random) -> str:
    while True:
        tipo = rng.choice(["20", "23", "27", "30"])
        numero = f"{rng.randint(10_000_000, 45_999_999):08d}"
        digito = digito_cuit(tipo + numero)
        if digito is not None:
            return f"{tipo}-{numero}-{digito}"


def digito_rut(numero: int) -> str:
    """Dígito verificador de un RUT chileno (módulo 11; 10 es K y 11 es 0)."""
    suma, factor = 0, 2
    for cifra in reversed(str(numero)):
        suma += int(cifra) * factor
        factor = 2 if factor == 7 else factor + 1
    digito = 11 - suma % 11
    return {10: "K", 11: "0"}.get(digito, str(digito))


def rut(rng: random.Random) -> str:
    numero = rng.randint(5_000_000, 24_999_999)
    return f"{numero:,}".replace(",", ".") + "-" + digito_rut(numero)


def digito_curp(base: str) -> str:
    """Dígito verificador de una CURP mexicana a partir de sus 17 primeros caracteres."""
    suma = sum(ALFABETO_CURP.index(c) * (18 - i) for i, c in enumerate(base))
    return str((10 - suma % 10) % 10)


# Los 16 primeros caracteres de CURP inventadas (iniciales, fecha, sexo, estado,
# consonantes); el 17.º es la homoclave (0 para nacidos antes de 2000).
CURP_BASES = [
    "ROLM850312MDFDPR",
    "GAHJ920704HJCRRN",
    "MEPA781122MNLNRN",
    "SAVC010915HPLLZR",
    "TOFL690228MGTRLS",
]


def curp(base: str) -> str:
    completa = base + ("A" if base[4:6] < "25" else "0")
    return completa + digito_curp(completa)


def digito_ccc(cifras: str) -> int:
    """Dígito de control de una cuenta bancaria española (10 cifras)."""
    pesos = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    digito = 11 - sum(int(c) * p for c, p in zip(cifras, pesos, strict=True)) % 11
    return {10: 1, 11: 0}.get(digito, digito)


def control_iban(bban: str, pais: str = "ES") -> int:
    """Los dos dígitos de control de un IBAN (ISO 13616: módulo 97)."""
    letras = "".join(str(ord(letra) - ord("A") + 10) for letra in pais)  # E=14, S=28
    return 98 - int(bban + letras + "00") % 97


def iban_es(rng: random.Random) -> str:
    """IBAN español inventado con sus dígitos de control (los de la cuenta y los del IBAN)."""
    entidad = f"{rng.randint(1000, 3199):04d}"
    oficina = f"{rng.randint(0, 9999):04d}"
    cuenta = f"{rng.randint(0, 9_999_999_999):010d}"
    dc = f"{digito_ccc('00' + entidad + oficina)}{digito_ccc(cuenta)}"
    bban = entidad + oficina + dc + cuenta
    iban = f"ES{control_iban(bban):02d}{bban}"
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def digito_luhn(cifras: str) -> int:
    """Dígito que hace que el número completo pase la prueba de Luhn."""
    suma = 0
    for i, cifra in enumerate(reversed(cifras)):
        valor = int(cifra)
        if i % 2 == 0:
            valor *= 2
            if valor > 9:
                valor -= 9
        suma += valor
    return (10 - suma % 10) % 10


def tarjeta(rng: random.Random) -> str:
    inicio = rng.choice(["4", "51", "53", "55"])
    cifras = inicio + "".join(str(rng.randint(0, 9)) for _ in range(15 - len(inicio)))
    numero = cifras + str(digito_luhn(cifras))
    separador = rng.choice([" ", "-", " "])
    return separador.join(numero[i : i + 4] for i in range(0, 16, 4))


def isbn13(rng: random.Random) -> str:
    """Un ISBN válido (señuelo: no es un dato personal y no debe anonimizarse)."""
    cifras = "97884" + "".join(str(rng.randint(0, 9)) for _ in range(7))
    suma = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(cifras))
    control = (10 - suma % 10) % 10
    return f"{cifras[:3]}-{cifras[3:5]}-{cifras[5:9]}-{cifras[9:12]}-{control}"


def cifras(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def telefono(rng: random.Random, formato: int) -> str:
    """Un teléfono inventado en uno de los diez formatos habituales de España y Latinoamérica."""
    movil = str(rng.choice([6, 6, 6, 7])) + cifras(rng, 8)
    if formato == 0:
        return f"+34 {movil[:3]} {movil[3:6]} {movil[6:]}"
    if formato == 1:
        return f"{movil[:3]}-{movil[3:5]}-{movil[5:7]}-{movil[7:]}"
    if formato == 2:
        return f"{movil[:3]} {movil[3:5]} {movil[5:7]} {movil[7:]}"
    if formato == 3:
        return f"9{rng.choice('1345')} {cifras(rng, 3)} {cifras(rng, 2)} {cifras(rng, 2)}"
    if formato == 4:
        return f"+52 55 {cifras(rng, 4)} {cifras(rng, 4)}"
    if formato == 5:
        return f"(011) {rng.randint(4, 6)}{cifras(rng, 3)}-{cifras(rng, 4)}"
    if formato == 6:
        return f"+54 9 11 {rng.randint(2, 6)}{cifras(rng, 3)}-{cifras(rng, 4)}"
    if formato == 7:
        return f"+56 9 {rng.randint(5, 9)}{cifras(rng, 3)} {cifras(rng, 4)}"
    if formato == 8:
        return f"+57 3{rng.randint(0, 2)}{rng.randint(0, 9)} {cifras(rng, 3)} {cifras(rng, 4)}"
    return movil


NOMBRES = [
    "María", "Lucía", "Carmen", "Javier", "Andrés", "Sofía", "Diego", "Valentina", "Pilar",
    "Tomás", "Camila", "Ramón", "Inés", "Matías", "Begoña", "Joaquín", "Ximena", "Íñigo",
    "Rocío", "Gonzalo", "Fernanda", "Álvaro", "Nuria", "Sebastián", "Consuelo", "Héctor",
]
APELLIDOS = [
    "García", "Martínez", "López", "Núñez", "Ortiz", "Peña", "Muñoz", "Sánchez", "Rojas",
    "Castaño", "Ibáñez", "Fernández", "Gutiérrez", "Rivas", "Cordero", "Salinas", "Ybarra",
    "Montes", "Aguirre", "Valdés", "Quintana", "Ledesma",
]
DOMINIOS = ["example.com", "example.org", "example.net", "correo.example", "mail.example"]

# (valoración, texto). Los huecos {…} se rellenan con datos inventados; lo demás (precios,
# fechas, años, porcentajes, cantidades, códigos de pedido) son señuelos que no deben tocarse.
COMENTARIOS = [
    (5, "El queso curado llegó perfecto y bien envuelto. ¡Repetiré seguro!"),
    (5, "La miel de brezo es espectacular, mi abuela dice que sabe como la de antes."),
    (4, "Buen aceite, aunque la lata de 5 litros llegó un poco abollada. Por 38,90 € está bien."),
    (2, "El pedido n.º 2024-08817 tardó 12 días en llegar. Escribidme a {email} si necesitáis algo."),
    (1, "Me cobraron dos veces. Mi tarjeta es la {tarjeta}, revisad el cargo del 14/03/2024 por favor."),
    (3, "Correcto, sin más. El envío costó 6,95 € y me pareció caro para 2 frascos."),
    (5, "¡Qué maravilla de quesos! Pedí 3 kg para la boda de mi hija y sobró poco."),
    (4, "Todo bien, pero la factura salió sin mis datos. Mi DNI es {dni}, a ver si la podéis rehacer."),
    (2, "La miel llegó cristalizada. Ya sé que es normal, pero nadie me lo explicó. Llamadme al {telefono}."),
    (5, "Atención de diez. Me llamaron para avisar del retraso, eso no lo hace nadie."),
    (1, "No me ha llegado nada y han pasado 3 semanas. Pedido 2024-09102. Mi teléfono: {telefono}."),
    (4, "Buen producto. Para la devolución de los 24,50 € os dejo mi IBAN: {iban}."),
    (3, "El aceite está rico pero el envase de plástico no me gusta nada. ¿Para cuándo en vidrio?"),
    (5, "Compré en la tienda del pueblo en agosto y ahora por la web. Igual de bueno. Gracias, Pilar."),
    (2, "Soy de Buenos Aires y el envío llegó con la aduana pidiendo el CUIT {cuit}. ¿Eso lo tenía que poner yo?"),
    (4, "Desde Santiago: todo perfecto. Para la boleta mi RUT es {rut}."),
    (3, "Desde Guadalajara. Me pidieron la CURP {curp} para la factura, ¿es necesario?"),
    (5, "El lote de quesitos de cabra (ref. QC-250) es ideal para regalar. ¡Un 10 % de descuento y encima rapidísimo!"),
    (1, "El queso vino con moho por fuera. Sé que algunos lo tienen, pero este olía fatal. Contactad: {email}"),
    (4, "Me gustó mucho. Solo pediría que el envío gratis empiece en 40 € y no en 60 €."),
    (5, "Llevo comprando desde 2019 y nunca me han fallado."),
    (3, "La web es un poco lenta y no encontraba el botón de pagar. Al final lo hice por teléfono."),
    (2, "Me cambiaron la dirección de entrega sin avisar. Mi NIE es {nie}, por si lo necesitáis para buscar el pedido."),
    (5, "¡Enhorabuena por el aceite temprano! Lo probé en una tostada y me emocioné."),
    (4, "La caja pesaba 4,2 kg y llegó intacta. Buena relación calidad-precio."),
    (1, "Pagué con la tarjeta {tarjeta} y me salió un error, pero el dinero se descontó igualmente."),
    (3, "Bien, aunque esperaba más cantidad por 15 € la tarrina de 250 g."),
    (5, "El pedido del 02/05/2024 llegó en 48 horas a Sevilla. Impecable."),
    (4, "Si alguien de la cooperativa lee esto: escribidme a {email}, tengo una tienda y me interesa revender."),
    (2, "No contestan al correo. Os dejo mi móvil {telefono} y mi correo {email}."),
    (5, "La mermelada de higo con el queso semicurado es una combinación perfecta."),
    (3, "Ni fu ni fa. El aceite de 2023 me gustó más que el de este año."),
    (4, "Muy amables en la tienda. Me dieron a probar tres mieles antes de elegir."),
    (1, "Desde Ciudad de México: el paquete nunca llegó. Número de seguimiento MX-7730-2214. Tel. {telefono_mx}."),
    (5, "Los 12 quesos del pedido de empresa llegaron con una tarjeta escrita a mano. ¡Qué detalle!"),
    (2, "El precio subió un 20 % en seis meses. Entiendo la sequía, pero es mucho."),
    (4, "Para domiciliar la cuota de socio, mi cuenta es {iban}. Gracias por todo."),
    (3, "El repartidor dejó la caja en la puerta sin llamar. Podría haberse mojado."),
    (5, "¿Hacéis envíos a Canarias? Pedí 2 botellas de 750 ml y llegaron sin problema."),
    (1, "Factura errónea: figura 45,00 € y pagué 39,50 €. Mi DNI {dni}. Pedido 2024-10456."),
    (4, "Muy buen queso de oveja. El envío a Mendoza tardó, pero llegó. Mi CUIL es {cuit} por si lo piden."),
    (5, "Compramos para la cena de Nochebuena y todos preguntaron de dónde era el queso."),
    (3, "Buen sabor, pero la etiqueta dice «consumir antes del 30/06/2025» y ya estamos cerca."),
    (2, "Contraseña olvidada y el enlace para recuperarla no funciona. Mi correo es {email}."),
    (5, "Desde Valparaíso, un saludo. El aceite llegó bien y riquísimo. RUT {rut} para la factura."),
    (4, "Regalé una cesta de Navidad de 59,90 € y encantó. La próxima la pido con más miel."),
    (1, "¡Fatal! Caja rota, dos frascos de miel rotos y todo pegajoso. Llamadme urgente al {telefono}."),
    (3, "No sé si el queso curado es de leche cruda. ¿Lo podéis indicar en la web?"),
    (5, "Me encanta que sea una cooperativa de un pueblo pequeño. Seguid así."),
    (4, "Buen servicio. Cambiad el número de atención, el 900 no funciona desde el extranjero."),
    (2, "El código de descuento OTOÑO24 no me funcionó y pagué 8,40 € de más."),
    (5, "Encargué por WhatsApp al {telefono} (es mi número) y me lo tuvieron listo en la tienda al día siguiente."),
    (3, "Está bien, pero la miel de romero me pareció demasiado dulce. Cuestión de gustos."),
    (4, "Vivo en Madrid desde hace poco. Para darme de alta como socio os paso mi NIE {nie} y mi correo {email}."),
    (1, "Pedí el 3 de febrero y sigo esperando. Ya no sé a quién llamar."),
    (5, "Mis hijos se comen el queso tierno a cucharadas. ¡Ni me dejan probarlo!"),
    (4, "He leído el libro sobre la comarca que vendéis (ISBN {isbn}). Precioso."),
    (3, "La visita guiada al colmenar duró 1 hora y media y costaba 7 €. Bien para niños."),
    (2, "Me devolvieron solo el 50 % del importe. Reclamación en curso; mi teléfono {telefono}."),
    (5, "Sin comentarios: perfecto, como siempre."),
    (4, "Pago hecho con la tarjeta terminada en 4821, todo correcto."),
    (3, "Compré el pack de 6 aceites de 500 ml. Dos estaban más turbios que el resto, ¿es normal?"),
    (5, "Gracias a Nuria por la paciencia al teléfono con mi madre, que tiene 87 años."),
    (1, "Me llegó el pedido de otra persona con su DNI {dni} en el albarán. Esto es grave, cuidad los datos."),
    (4, "Desde Bogotá: llegó en 9 días. Para cualquier cosa, {telefono_co}."),
    (2, "La cesta ponía 1,5 kg de queso y pesaba 1,2 kg. Lo he comprobado en la báscula."),
]
ABERTURAS = ["", "", "", "Hola. ", "Buenas tardes. ", "Hola, buenos días. ", "Buenas. "]
CIERRES = ["", "", "", " Un saludo.", " Gracias.", " Saludos cordiales.", " ¡Gracias!"]
CANALES = ["web", "tienda", "teléfono", "correo", "WhatsApp"]


def persona(rng: random.Random) -> tuple[str, str]:
    nombre = rng.choice(NOMBRES)
    apellido = rng.choice(APELLIDOS)
    return nombre, apellido


def email(rng: random.Random) -> str:
    nombre, apellido = persona(rng)
    simple = str.maketrans("áéíóúüñÁÉÍÓÚÑ", "aeiouunAEIOUN")
    nombre = nombre.lower().translate(simple)
    apellido = apellido.lower().translate(simple)
    usuario = rng.choice(
        [f"{nombre}.{apellido}", f"{nombre[0]}{apellido}{rng.randint(1, 99)}", f"{nombre}_{apellido}"]
    )
    return f"{usuario}@{rng.choice(DOMINIOS)}"


def rellenar(texto: str, rng: random.Random, formatos: Iterator[int]) -> str:
    """Rellena los huecos de un comentario; los teléfonos van rotando de formato."""
    valores = {
        "email": email(rng),
        "telefono": telefono(rng, next(formatos)) if "{telefono}" in texto else "",
        "telefono_mx": telefono(rng, 4),
        "telefono_co": telefono(rng, 8),
        "dni": dni(rng.randint(1_000_000, 79_999_999)),
        "nie": nie(rng.choice("XYZ"), rng.randint(0, 9_999_999)),
        "cuit": cuit(rng),
        "rut": rut(rng),
        "curp": curp(rng.choice(CURP_BASES)),
        "iban": iban_es(rng),
        "tarjeta": tarjeta(rng),
        "isbn": isbn13(rng),
    }
    return texto.format(**valores)


def crear_opiniones(rng: random.Random) -> list[list[str]]:
    """Filas del CSV: cada comentario dos veces con datos distintos, más el desorden real."""
    from datetime import date, timedelta

    base = []
    formatos = itertools.cycle([0, 4, 1, 5, 6, 2, 7, 8, 3, 9, 6, 7, 5, 4, 1, 0])
    for vuelta in range(2):
        for i, (valoracion, texto) in enumerate(COMENTARIOS):
            comentario = rellenar(texto, rng, formatos)
            if vuelta == 1:
                comentario = rng.choice(ABERTURAS[3:]) + comentario + rng.choice(CIERRES[3:])
            else:
                comentario = rng.choice(ABERTURAS) + comentario + rng.choice(CIERRES)
            nombre, apellido = persona(rng)
            cliente = f"{nombre} {apellido}"
            canal = CANALES[(i + vuelta * 2 + rng.randrange(2)) % len(CANALES)]
            nota = str(max(1, min(5, valoracion + rng.choice([0, 0, 0, -1, 1]))))
            base.append([cliente, canal, comentario, nota])
    rng.shuffle(base)

    inicio = date(2024, 1, 8)
    filas = []
    for k, (cliente, canal, comentario, nota) in enumerate(base):
        fecha = inicio + timedelta(days=k * 2 + rng.randrange(2))
        filas.append([fecha.strftime("%d/%m/%Y"), cliente, canal, comentario, nota])

    # Desorden de archivo real: espacios sobrantes, mayúsculas, espacios duros, notas vacías.
    for k in rng.sample(range(len(filas)), 14):
        fila = filas[k]
        fila[1] = rng.choice(["  ", " ", ""]) + fila[1] + rng.choice(["  ", " ", "\xa0"])
        fila[2] = rng.choice([fila[2].upper(), " " + fila[2], fila[2] + "  ", fila[2].capitalize()])
    for k in rng.sample(range(len(filas)), 8):
        filas[k][3] = "   " + filas[k][3] + "  " if k % 2 else filas[k][3].replace(" ", "  ", 2)
    for k in rng.sample(range(len(filas)), 6):
        filas[k][4] = ""
    # Comentarios vacíos o solo con espacios (en filas sin datos personales, para no perderlos).
    sin_datos = [k for k, fila in enumerate(filas) if not re.search(r"\d{3}|@", fila[3])]
    for k, relleno in zip(rng.sample(sin_datos, 6), ["", "", "", "   ", " ", "\t"], strict=True):
        filas[k][3] = relleno

    # Casi duplicados: la misma opinión enviada otra vez con otros espacios o mayúsculas.
    con_texto = [k for k, fila in enumerate(filas) if fila[3].strip()]
    for k in rng.sample(con_texto, 7):
        copia = list(filas[k])
        copia[3] = rng.choice(
            [
                copia[3].lower(),
                copia[3].upper(),
                "  ".join(copia[3].split(" ")),
                " " + copia[3] + " ",
                copia[3].replace(". ", ".  "),
            ]
        )
        filas.insert(k + 1 + rng.randrange(3), copia)
    # Duplicados exactos: la misma fila exportada dos veces.
    for k in rng.sample(range(len(filas)), 9):
        filas.insert(k + 1, list(filas[k]))
    # Filas vacías.
    for k in rng.sample(range(len(filas)), 6):
        filas.insert(k, ["", "", "", "", ""])
    return filas


def escribir_opiniones(carpeta: Path, rng: random.Random) -> int:
    filas = crear_opiniones(rng)
    texto = io.StringIO()
    escritor = csv.writer(texto, delimiter=";", lineterminator="\r\n")
    escritor.writerow(["fecha", "cliente", "canal", "comentario", "valoracion"])
    escritor.writerows(filas)
    # Como lo guarda Excel en Windows: cp1252. Si algún carácter no cabe, falla aquí.
    (carpeta / "opiniones.csv").write_bytes(texto.getvalue().encode("cp1252"))
    return len(filas)


# ---------------------------------------------------------------------------
# Programa
# ---------------------------------------------------------------------------


def main(args: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--salida",
        type=Path,
        default=CARPETA_POR_DEFECTO,
        help="carpeta donde escribir los archivos (por defecto, src/afinar/recursos/datos)",
    )
    opciones = parser.parse_args(args)
    carpeta: Path = opciones.salida
    carpeta.mkdir(parents=True, exist_ok=True)
    n_recetas = escribir_recetas(carpeta, random.Random(SEMILLA))
    print(f"recetas.jsonl: {n_recetas} conversaciones")
    n_parrafos = escribir_textos(carpeta, random.Random(SEMILLA + 1))
    print(f"textos.txt: {n_parrafos} párrafos")
    n_filas = escribir_opiniones(carpeta, random.Random(SEMILLA + 2))
    print(f"opiniones.csv: {n_filas} filas (sin contar la cabecera)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
